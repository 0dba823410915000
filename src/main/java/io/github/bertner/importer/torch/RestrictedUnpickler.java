package io.github.bertner.importer.torch;

import io.github.bertner.model.CheckpointException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A pickle reader that builds plain data (numbers, strings, tuples, lists, dicts) plus tensor
 * descriptions, and nothing else. It never executes anything: where Python's unpickler would
 * import a module and call an object, this reader only recognises a fixed allow-list of names
 * (see {@link Global}) and interprets them itself; every other global is refused when its
 * {@code GLOBAL}/{@code STACK_GLOBAL} opcode is read, before any {@code REDUCE} could use it.
 *
 * <p>Opcodes: the binary ones of protocols 2 to 5 that plain data and {@code torch.save} need
 * (PROTO, FRAME, MARK, STOP, POP, POP_MARK, DUP, NONE, NEWTRUE/NEWFALSE, BININT/BININT1/BININT2,
 * LONG1/LONG4, BINFLOAT, BINUNICODE/SHORT_BINUNICODE/BINUNICODE8, BINSTRING/SHORT_BINSTRING,
 * BINBYTES/SHORT_BINBYTES/BINBYTES8, the tuple, list and dict builders, the memo opcodes, GLOBAL,
 * STACK_GLOBAL, REDUCE, BUILD, BINPERSID). Opcodes that instantiate classes (INST, OBJ, NEWOBJ,
 * NEWOBJ_EX), the extension registry (EXT1/2/4) and the protocol-0 text opcodes are refused.
 *
 * <p>Not thread-safe; one instance reads one pickle.
 */
final class RestrictedUnpickler {

    /** Python's None, which cannot live in Java collections as null. */
    enum None {
        /** The one value. */
        NONE
    }

    /** A Python tuple; equality by elements, so tuples work as dict keys. */
    record Tuple(List<Object> items) {
        Tuple {
            items = List.copyOf(items);
        }
    }

    /** What an allow-listed global means here. */
    enum Kind {
        /** {@code collections.OrderedDict}: called with no arguments or a list of pairs. */
        ORDERED_DICT,
        /** {@code torch._utils._rebuild_tensor_v2}. */
        REBUILD_TENSOR_V2,
        /** {@code torch._utils._rebuild_tensor} (before torch 1.0). */
        REBUILD_TENSOR,
        /** {@code torch._utils._rebuild_parameter}: an nn.Parameter, read as its tensor. */
        REBUILD_PARAMETER,
        /** {@code torch._utils._rebuild_parameter_with_state}: the same, with ignored attributes. */
        REBUILD_PARAMETER_WITH_STATE,
        /** {@code torch._tensor._rebuild_from_type_v2}: a rebuild function applied, then a type set. */
        REBUILD_FROM_TYPE_V2,
        /** {@code torch.Tensor} or {@code torch.nn.parameter.Parameter}: only as a type argument. */
        TENSOR_TYPE,
        /** A storage class such as {@code torch.FloatStorage}: only inside a persistent id. */
        STORAGE_TYPE
    }

    /**
     * An allow-listed global.
     *
     * @param module the module name as written in the pickle
     * @param name the attribute name
     * @param kind what it means
     * @param dtype the element type for {@link Kind#STORAGE_TYPE}, else null
     */
    record Global(String module, String name, Kind kind, TorchDtype dtype) {
        String qualified() {
            return module + "." + name;
        }
    }

    /**
     * A tensor as described by a rebuild call: a view into a storage.
     *
     * @param storage the storage
     * @param storageOffset first element, in elements of the storage's dtype
     * @param shape the dimensions
     * @param stride the element step of each dimension
     */
    record TensorRef(TorchStorage storage, long storageOffset, long[] shape, long[] stride) {
    }

    /** Turns a persistent id (torch: a tuple starting with 'storage') into a storage. */
    @FunctionalInterface
    interface PersistentLoader {
        /**
         * Resolves a persistent id.
         *
         * @param pid the id as unpickled
         * @param where source and byte position, for messages
         * @return the object it stands for
         * @throws CheckpointException when the id is not a valid storage reference
         */
        Object load(Object pid, String where) throws CheckpointException;
    }

    /** Modules and names that torch.save writes for tensors; module spelled as in the pickle. */
    private static final Map<String, Kind> CALLABLES = Map.of(
            "collections.OrderedDict", Kind.ORDERED_DICT,
            "torch._utils._rebuild_tensor_v2", Kind.REBUILD_TENSOR_V2,
            "torch._utils._rebuild_tensor", Kind.REBUILD_TENSOR,
            "torch._utils._rebuild_parameter", Kind.REBUILD_PARAMETER,
            "torch._utils._rebuild_parameter_with_state", Kind.REBUILD_PARAMETER_WITH_STATE,
            "torch._tensor._rebuild_from_type_v2", Kind.REBUILD_FROM_TYPE_V2,
            "torch.Tensor", Kind.TENSOR_TYPE,
            "torch._tensor.Tensor", Kind.TENSOR_TYPE,
            "torch.nn.parameter.Parameter", Kind.TENSOR_TYPE);

    private static final int MAX_STRING = Integer.MAX_VALUE - 8;

    private final InputStream in;
    private final String source;
    private final long base;
    private final PersistentLoader persistentLoader;
    private long pos;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private long opcodeAt;

    /**
     * Creates a reader.
     *
     * @param in the pickle bytes, read up to and including STOP
     * @param source file (and entry) name for messages
     * @param base byte position of the stream's first byte within {@code source}, for messages
     * @param persistentLoader resolves BINPERSID ids; null refuses them
     */
    RestrictedUnpickler(InputStream in, String source, long base, PersistentLoader persistentLoader) {
        this.in = Objects.requireNonNull(in, "in");
        this.source = source;
        this.base = base;
        this.persistentLoader = persistentLoader;
    }

    /**
     * Number of bytes consumed so far.
     *
     * @return bytes read from the stream
     */
    long consumed() {
        return pos;
    }

    /**
     * Reads one pickle, up to its STOP opcode.
     *
     * @return the top-level value
     * @throws CheckpointException naming source and byte position on a refused global or opcode,
     *     a truncated stream or malformed data
     * @throws IOException when the stream cannot be read
     */
    Object load() throws IOException {
        while (true) {
            opcodeAt = pos;
            int op = readByte();
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = readByte();
                    if (proto > 5) {
                        throw error("pickle protocol " + proto + " is newer than 5, the last one known");
                    }
                }
                case 0x95 -> readLong8(); // FRAME: only a length hint
                case '(' -> marks.add(stack.size()); // MARK
                case '.' -> { // STOP
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw error("STOP with " + stack.size() + " values and " + marks.size()
                                + " marks on the stack, expected exactly one value");
                    }
                    return stack.remove(0);
                }
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(peek()); // DUP
                case 'N' -> push(None.NONE);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) readInt4()); // BININT
                case 'K' -> push((long) readByte()); // BININT1
                case 'M' -> push((long) (readByte() | (readByte() << 8))); // BININT2
                case 0x8a -> push(readLong(readByte())); // LONG1
                case 0x8b -> push(readLong(length(readInt4()))); // LONG4
                case 'G' -> push(ByteBuffer.wrap(readBytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT
                case 'X' -> push(utf8(readBytes(length(readUInt4())))); // BINUNICODE
                case 0x8c -> push(utf8(readBytes(readByte()))); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(readBytes(length(readLong8())))); // BINUNICODE8
                // Python 2 str; torch.load decodes these as UTF-8 by default
                case 'T' -> push(utf8(readBytes(length(readInt4())))); // BINSTRING
                case 'U' -> push(utf8(readBytes(readByte()))); // SHORT_BINSTRING
                case 'B' -> push(readBytes(length(readUInt4()))); // BINBYTES
                case 'C' -> push(readBytes(readByte())); // SHORT_BINBYTES
                case 0x8e -> push(readBytes(length(readLong8()))); // BINBYTES8
                case ')' -> push(new Tuple(List.of())); // EMPTY_TUPLE
                case 't' -> push(new Tuple(popMark())); // TUPLE
                case 0x85 -> push(new Tuple(List.of(pop()))); // TUPLE1
                case 0x86 -> { // TUPLE2
                    Object b = pop();
                    Object a = pop();
                    push(new Tuple(List.of(a, b)));
                }
                case 0x87 -> { // TUPLE3
                    Object c = pop();
                    Object b = pop();
                    Object a = pop();
                    push(new Tuple(List.of(a, b, c)));
                }
                case ']' -> push(new ArrayList<>()); // EMPTY_LIST
                case 'l' -> push(new ArrayList<>(popMark())); // LIST
                case 'a' -> { // APPEND
                    Object v = pop();
                    list(peek(), "APPEND").add(v);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    list(peek(), "APPENDS").addAll(items);
                }
                case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
                case 'd' -> { // DICT
                    Map<Object, Object> d = new LinkedHashMap<>();
                    putPairs(d, popMark());
                    push(d);
                }
                case 's' -> { // SETITEM
                    Object v = pop();
                    Object k = pop();
                    dict(peek(), "SETITEM").put(k, v);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    putPairs(dict(peek(), "SETITEMS"), items);
                }
                case 'q' -> memo.put((long) readByte(), peek()); // BINPUT
                case 'r' -> memo.put(readUInt4(), peek()); // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
                case 'h' -> push(memoGet(readByte())); // BINGET
                case 'j' -> push(memoGet(readUInt4())); // LONG_BINGET
                case 'c' -> { // GLOBAL
                    String module = readLine();
                    String name = readLine();
                    push(resolve(module, name));
                }
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw error("STACK_GLOBAL expects two strings, found " + describe(module) + " and "
                                + describe(name));
                    }
                    push(resolve(m, n));
                }
                case 'R' -> { // REDUCE
                    Object args = pop();
                    Object callable = pop();
                    push(reduce(callable, args));
                }
                case 'b' -> build(pop(), peek()); // BUILD
                case 'Q' -> { // BINPERSID
                    Object pid = pop();
                    if (persistentLoader == null) {
                        throw error("persistent id " + describe(pid) + " is not expected in this pickle");
                    }
                    push(persistentLoader.load(pid, where()));
                }
                case 'i', 'o', 0x81, 0x92 -> throw error(String.format(Locale.ROOT,
                        "opcode %s instantiates a class; refused (tensor checkpoints do not need it), nothing was "
                                + "executed", opName(op)));
                case 0x82, 0x83, 0x84 -> throw error("opcode " + opName(op)
                        + " (copyreg extension registry) is refused, nothing was executed");
                default -> throw error(String.format(Locale.ROOT,
                        "opcode %s is not supported (only the binary opcodes of protocols 2-5 that tensor "
                                + "checkpoints use)", opName(op)));
            }
        }
    }

    private static String opName(int op) {
        String name = switch (op) {
            case 'i' -> "INST";
            case 'o' -> "OBJ";
            case 0x81 -> "NEWOBJ";
            case 0x92 -> "NEWOBJ_EX";
            case 0x82 -> "EXT1";
            case 0x83 -> "EXT2";
            case 0x84 -> "EXT4";
            case 'I' -> "INT";
            case 'L' -> "LONG";
            case 'F' -> "FLOAT";
            case 'S' -> "STRING";
            case 'V' -> "UNICODE";
            case 'p' -> "PUT";
            case 'g' -> "GET";
            case 'P' -> "PERSID";
            case 0x8f -> "EMPTY_SET";
            case 0x90 -> "ADDITEMS";
            case 0x91 -> "FROZENSET";
            case 0x96 -> "BYTEARRAY8";
            case 0x97 -> "NEXT_BUFFER";
            case 0x98 -> "READONLY_BUFFER";
            default -> null;
        };
        String hex = String.format(Locale.ROOT, "0x%02x", op);
        return name == null ? hex : name + " (" + hex + ")";
    }

    /** The allow-list: everything not named here is refused before it could be called. */
    private Global resolve(String module, String name) throws CheckpointException {
        String qualified = module + "." + name;
        Kind kind = CALLABLES.get(qualified);
        if (kind != null) {
            return new Global(module, name, kind, null);
        }
        if (module.equals("torch") && name.endsWith("Storage")) {
            TorchDtype dtype = TorchDtype.fromStorageClass(name).orElseThrow(() -> error(String.format(Locale.ROOT,
                    "global 'torch.%s': storages of this type are not supported; expected one of %s", name,
                    TorchDtype.storageClassNames())));
            return new Global(module, name, Kind.STORAGE_TYPE, dtype);
        }
        throw error(String.format(Locale.ROOT,
                "refused global '%s': only the globals torch.save needs for tensors are allowed (%s and the "
                        + "torch.*Storage classes); nothing was executed", qualified,
                String.join(", ", CALLABLES.keySet().stream().sorted().toList())));
    }

    private Object reduce(Object callable, Object argsObject) throws CheckpointException {
        if (!(callable instanceof Global g)) {
            throw error("REDUCE on " + describe(callable) + "; only allow-listed globals can be called");
        }
        if (!(argsObject instanceof Tuple t)) {
            throw error("REDUCE of '" + g.qualified() + "' with " + describe(argsObject) + ", expected a tuple");
        }
        List<Object> args = t.items();
        switch (g.kind()) {
            case ORDERED_DICT -> {
                Map<Object, Object> d = new LinkedHashMap<>();
                if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
                    for (Object p : pairs) {
                        if (!(p instanceof Tuple pt) || pt.items().size() != 2) {
                            throw error("collections.OrderedDict expects (key, value) pairs, found " + describe(p));
                        }
                        d.put(pt.items().get(0), pt.items().get(1));
                    }
                } else if (!args.isEmpty()) {
                    throw error("collections.OrderedDict called with " + args.size()
                            + " arguments, expected none or a list of pairs");
                }
                return d;
            }
            case REBUILD_TENSOR_V2 -> {
                // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
                arity(g, args, 6, 7);
                hooks(g, args.get(5));
                return tensor(g, args);
            }
            case REBUILD_TENSOR -> {
                arity(g, args, 4, 4);
                return tensor(g, args);
            }
            case REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE -> {
                // (data, requires_grad, backward_hooks[, state])
                int n = g.kind() == Kind.REBUILD_PARAMETER ? 3 : 4;
                arity(g, args, n, n);
                hooks(g, args.get(2));
                if (!(args.get(0) instanceof TensorRef tr)) {
                    throw error(g.qualified() + " expects a tensor, found " + describe(args.get(0)));
                }
                return tr;
            }
            case REBUILD_FROM_TYPE_V2 -> {
                // (func, new_type, args, state): func(*args), then the type set and state applied
                arity(g, args, 4, 4);
                if (!(args.get(1) instanceof Global type) || type.kind() != Kind.TENSOR_TYPE) {
                    throw error(g.qualified() + " expects the type torch.Tensor or torch.nn.parameter.Parameter, "
                            + "found " + describe(args.get(1)));
                }
                Object state = args.get(3);
                if (!(state == None.NONE || state instanceof Map<?, ?> m && m.isEmpty())) {
                    throw error(g.qualified() + ": tensor attributes " + describe(state) + " are not supported");
                }
                Object result = reduce(args.get(0), args.get(2));
                if (!(result instanceof TensorRef)) {
                    throw error(g.qualified() + " expects a tensor rebuild function, found " + describe(args.get(0)));
                }
                return result;
            }
            default -> throw error("'" + g.qualified() + "' is not callable here (it may only appear as "
                    + (g.kind() == Kind.STORAGE_TYPE ? "the type in a storage's persistent id)" : "a type argument)"));
        }
    }

    private void arity(Global g, List<Object> args, int min, int max) throws CheckpointException {
        if (args.size() < min || args.size() > max) {
            throw error(String.format(Locale.ROOT, "%s called with %d arguments, expected %s", g.qualified(),
                    args.size(), min == max ? Integer.toString(min) : min + " or " + max));
        }
    }

    private void hooks(Global g, Object hooks) throws CheckpointException {
        // backward hooks are functions; a checkpoint that pickles some would need them executed
        if (!(hooks == None.NONE || hooks instanceof Map<?, ?> m && m.isEmpty())) {
            throw error(g.qualified() + ": backward hooks " + describe(hooks) + " are not supported");
        }
    }

    private TensorRef tensor(Global g, List<Object> args) throws CheckpointException {
        if (!(args.get(0) instanceof TorchStorage storage)) {
            throw error(g.qualified() + " expects a storage (persistent id) first, found " + describe(args.get(0)));
        }
        long offset = integer(args.get(1), g.qualified() + " storage_offset");
        long[] shape = ints(args.get(2), g.qualified() + " size");
        long[] stride = ints(args.get(3), g.qualified() + " stride");
        if (shape.length != stride.length) {
            throw error(String.format(Locale.ROOT, "%s: size %s and stride %s differ in length", g.qualified(),
                    java.util.Arrays.toString(shape), java.util.Arrays.toString(stride)));
        }
        return new TensorRef(storage, offset, shape, stride);
    }

    private long integer(Object o, String what) throws CheckpointException {
        if (o instanceof Long l) {
            return l;
        }
        throw error(what + ": expected an integer, found " + describe(o));
    }

    private long[] ints(Object o, String what) throws CheckpointException {
        List<?> items = o instanceof Tuple t ? t.items() : o instanceof List<?> l ? l : null;
        if (items == null) {
            throw error(what + ": expected a tuple of integers, found " + describe(o));
        }
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = integer(items.get(i), what);
        }
        return out;
    }

    private void build(Object state, Object target) throws CheckpointException {
        // state_dict() OrderedDicts carry a '_metadata' attribute (module versions): not needed
        if (target instanceof Map<?, ?> && (state instanceof Map<?, ?> || state == None.NONE
                || state instanceof Tuple t && t.items().size() == 2)) {
            return;
        }
        throw error("BUILD of " + describe(target) + " with state " + describe(state)
                + " is not supported (only attributes of a dict are ignored)");
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o, String op) throws CheckpointException {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw error(op + " on " + describe(o) + ", expected a list");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o, String op) throws CheckpointException {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw error(op + " on " + describe(o) + ", expected a dict");
    }

    private void putPairs(Map<Object, Object> d, List<Object> items) throws CheckpointException {
        if (items.size() % 2 != 0) {
            throw error("odd number of items (" + items.size() + ") for a dict");
        }
        for (int i = 0; i < items.size(); i += 2) {
            Object k = items.get(i);
            if (k instanceof List<?> || k instanceof Map<?, ?>) {
                throw error("unhashable dict key " + describe(k));
            }
            d.put(k, items.get(i + 1));
        }
    }

    private Object memoGet(long key) throws CheckpointException {
        Object v = memo.get(key);
        if (v == null) {
            throw error("memo key " + key + " was never stored");
        }
        return v;
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() throws CheckpointException {
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
        if (stack.size() <= floor) {
            throw error("stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws CheckpointException {
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
        if (stack.size() <= floor) {
            throw error("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() throws CheckpointException {
        if (marks.isEmpty()) {
            throw error("no MARK on the stack");
        }
        int from = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(from, stack.size()));
        stack.subList(from, stack.size()).clear();
        return items;
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new CheckpointException(String.format(Locale.ROOT,
                    "%s: truncated pickle: the data ends at byte %d before STOP", source, base + pos));
        }
        pos++;
        return b;
    }

    private byte[] readBytes(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new CheckpointException(String.format(Locale.ROOT,
                    "%s: truncated pickle: %d bytes needed at byte %d, %d present", source, n, base + pos, b.length));
        }
        pos += n;
        return b;
    }

    private int readInt4() throws IOException {
        return ByteBuffer.wrap(readBytes(4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private long readUInt4() throws IOException {
        return readInt4() & 0xffffffffL;
    }

    private long readLong8() throws IOException {
        return ByteBuffer.wrap(readBytes(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private int length(long n) throws CheckpointException {
        if (n < 0 || n > MAX_STRING) {
            throw error("length " + n + " is out of range");
        }
        return (int) n;
    }

    /** Little-endian two's complement, as LONG1/LONG4 store it; small values stay Long. */
    private Object readLong(int n) throws IOException {
        byte[] le = readBytes(n);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = readByte();
            if (b == '\n') {
                return sb.toString();
            }
            if (sb.length() > 1000) {
                throw error("GLOBAL name longer than 1000 bytes");
            }
            sb.append((char) b);
        }
    }

    private String utf8(byte[] bytes) throws CheckpointException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(where() + ": string is not valid UTF-8", e);
        }
    }

    private String where() {
        return String.format(Locale.ROOT, "%s, byte %d", source, base + opcodeAt);
    }

    private CheckpointException error(String message) {
        return new CheckpointException(where() + ": " + message);
    }

    /** A short description of a value for messages. */
    static String describe(Object o) {
        if (o == None.NONE) {
            return "None";
        }
        if (o instanceof Global g) {
            return "global '" + g.qualified() + "'";
        }
        if (o instanceof String s) {
            return "'" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
        }
        if (o instanceof Long || o instanceof BigInteger || o instanceof Double || o instanceof Boolean) {
            return o.toString();
        }
        if (o instanceof Tuple t) {
            return "a tuple of " + t.items().size();
        }
        if (o instanceof List<?> l) {
            return "a list of " + l.size();
        }
        if (o instanceof Map<?, ?> m) {
            return "a dict of " + m.size();
        }
        if (o instanceof byte[] b) {
            return b.length + " bytes";
        }
        if (o instanceof TorchStorage s) {
            return "storage '" + s.key() + "'";
        }
        if (o instanceof TensorRef) {
            return "a tensor";
        }
        return o == null ? "nothing" : o.getClass().getSimpleName();
    }
}
