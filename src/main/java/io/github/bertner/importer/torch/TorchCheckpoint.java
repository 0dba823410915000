package io.github.bertner.importer.torch;

import io.github.bertner.importer.torch.RestrictedUnpickler.Global;
import io.github.bertner.importer.torch.RestrictedUnpickler.Kind;
import io.github.bertner.importer.torch.RestrictedUnpickler.None;
import io.github.bertner.importer.torch.RestrictedUnpickler.TensorRef;
import io.github.bertner.importer.torch.RestrictedUnpickler.Tuple;
import io.github.bertner.model.CheckpointException;
import io.github.bertner.model.FloatTensor;
import io.github.bertner.model.HfCheckpoint;
import io.github.bertner.model.SafetensorsReader;
import io.github.bertner.model.TensorInfo;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a PyTorch {@code torch.save} checkpoint (a {@code pytorch_model.bin} state dict) without
 * Python and without executing anything: the pickle is read by a restricted unpickler that knows
 * only the globals tensors need and refuses every other one by name.
 *
 * <h2>Formats</h2>
 * <ul>
 *   <li><b>Zip</b> (torch 1.6 and later): a zip archive whose entries sit under one folder
 *       ({@code archive/} or the file's stem): {@code data.pkl} is the pickled state dict, in
 *       which each storage is a persistent id {@code ('storage', torch.FloatStorage, key,
 *       location, numel)}; {@code data/<key>} holds that storage's raw bytes, stored
 *       uncompressed; {@code byteorder} says {@code little} or {@code big} (absent: little);
 *       {@code version} is the archive format version (a positive integer; it only matters to
 *       TorchScript operator semantics, not to data.pkl). A TorchScript archive
 *       ({@code torch.jit.save}, with {@code constants.pkl} and {@code code/}) is refused.</li>
 *   <li><b>Legacy</b> (before torch 1.6): five pickles back to back (the magic number
 *       0x1950a86a20f9469cfc6c, protocol version 1001, a system-info dict, the state dict with
 *       persistent ids {@code ('storage', type, key, location, numel, view)} and the sorted list of
 *       storage keys), then for each key in that order an 8-byte little-endian element count and
 *       the raw little-endian bytes. Files saved on big-endian machines are refused, and so is the
 *       older tar format (torch before 0.4).</li>
 * </ul>
 *
 * <h2>Tensors</h2>
 * The top-level object must be a dict; its tensor values (built by
 * {@code torch._utils._rebuild_tensor_v2} and relatives) become {@link TorchTensor}s, other values
 * (numbers, strings) are skipped. Storage offsets, shared storages (tied weights), non-contiguous
 * strides and the dtypes of {@link TorchDtype} are supported; every tensor's extent is checked
 * against its storage. {@link #readFloat} converts float16/bfloat16/float64 to float32 and
 * gathers strided tensors.
 *
 * <p>Only the pickle and the file's directory are held in memory; tensors are read one at a time.
 */
public final class TorchCheckpoint implements AutoCloseable {
    /** HF's name for a single-file pickle checkpoint. */
    public static final String WEIGHTS_FILE = "pytorch_model.bin";
    /** HF's index of a sharded pickle checkpoint. */
    public static final String WEIGHTS_INDEX_FILE = "pytorch_model.bin.index.json";

    /** The two layouts {@code torch.save} has written. */
    public enum Format {
        /** Zip archive, torch 1.6 and later. */
        ZIP,
        /** Concatenated pickles and raw storages, torch 0.4 to 1.5. */
        LEGACY
    }

    private static final Logger LOG = LoggerFactory.getLogger(TorchCheckpoint.class);
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long LEGACY_PROTOCOL_VERSION = 1001;

    private final Path file;
    private final FileChannel channel;
    private final Format format;
    private final ByteOrder byteOrder;
    private final Map<String, TorchTensor> tensors;

    private TorchCheckpoint(Path file, FileChannel channel, Format format, ByteOrder byteOrder,
            Map<String, TorchTensor> tensors) {
        this.file = file;
        this.channel = channel;
        this.format = format;
        this.byteOrder = byteOrder;
        this.tensors = tensors;
    }

    /**
     * Opens and parses a checkpoint.
     *
     * @param file a {@code torch.save} file
     * @return the open checkpoint; close it to release the file
     * @throws CheckpointException naming the file (and the global, opcode or tensor) when the
     *     file is not a torch checkpoint, holds a refused global or opcode, or is inconsistent
     * @throws IOException when the file cannot be read
     */
    public static TorchCheckpoint open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            TorchCheckpoint c = parse(file, ch);
            ch = null;
            return c;
        } finally {
            if (ch != null) {
                ch.close();
            }
        }
    }

    /**
     * Opens the pickle weights of a Hugging Face model folder as safetensors-style readers, for
     * folders without {@code model.safetensors}: {@value #WEIGHTS_FILE} or the shards listed in
     * {@value #WEIGHTS_INDEX_FILE}.
     *
     * @param dir the model folder
     * @return one reader per file (empty when the folder has neither file); close them
     * @throws CheckpointException when a file is refused or a tensor cannot be read in place
     * @throws IOException when a file cannot be read
     */
    public static List<SafetensorsReader> openHfWeights(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(dir.resolve(WEIGHTS_FILE))) {
            files.add(dir.resolve(WEIGHTS_FILE));
        } else if (Files.isRegularFile(dir.resolve(WEIGHTS_INDEX_FILE))) {
            for (String shard : HfCheckpoint.shardNames(dir.resolve(WEIGHTS_INDEX_FILE))) {
                files.add(dir.resolve(shard));
            }
        }
        List<SafetensorsReader> readers = new ArrayList<>();
        try {
            for (Path f : files) {
                try (TorchCheckpoint c = open(f)) {
                    LOG.info("{}: {} checkpoint with {} tensors, read with the restricted unpickler", f, c.format,
                            c.tensors.size());
                    readers.add(c.toSafetensorsView());
                }
            }
        } catch (IOException | RuntimeException e) {
            for (SafetensorsReader r : readers) {
                r.close();
            }
            throw e;
        }
        return readers;
    }

    private static TorchCheckpoint parse(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer head = ZipIndex.readAt(ch, 0, (int) Math.min(size, 512), file);
        if (size >= 4 && head.getInt(0) == 0x04034b50) {
            return parseZip(file, ch);
        }
        if (size >= 262 && new String(bytes(head, 257, 5), StandardCharsets.US_ASCII).equals("ustar")) {
            throw new CheckpointException(file + ": a tar archive, the checkpoint format of torch before 0.4; "
                    + "it is not supported (load and re-save it with a current torch)");
        }
        if (size >= 2 && (head.get(0) & 0xff) == 0x80) {
            return parseLegacy(file, ch);
        }
        throw new CheckpointException(String.format(Locale.ROOT,
                "%s: not a torch.save checkpoint: expected a zip archive (PK\\3\\4) or a pickle (0x80), found "
                        + "the bytes %s", file, hex(bytes(head, 0, (int) Math.min(size, 8)))));
    }

    private static TorchCheckpoint parseZip(Path file, FileChannel ch) throws IOException {
        Map<String, ZipIndex.Entry> entries = ZipIndex.read(file, ch);
        String prefix = null;
        for (String name : entries.keySet()) {
            int slash = name.indexOf('/');
            if (name.endsWith("data.pkl") && (name.equals("data.pkl") || slash == name.length() - 9)) {
                if (prefix != null) {
                    throw new CheckpointException(file + ": more than one data.pkl (" + prefix + "data.pkl and "
                            + name + ")");
                }
                prefix = name.substring(0, name.length() - "data.pkl".length());
            }
        }
        if (prefix == null) {
            boolean script = entries.keySet().stream().anyMatch(n -> n.endsWith("constants.pkl") || n.contains("/code/"));
            throw new CheckpointException(file + (script
                    ? ": a TorchScript archive (torch.jit.save), not a torch.save state dict; TorchScript holds code "
                            + "and is not read"
                    : ": a zip archive without data.pkl; not a torch.save checkpoint"));
        }
        ZipIndex.Entry version = entries.get(prefix + "version");
        if (version == null) {
            version = entries.get(prefix + ".data/version");
        }
        if (version == null) {
            throw new CheckpointException(file + ": no " + prefix + "version record; not a torch.save zip checkpoint");
        }
        String versionText = new String(ZipIndex.content(file, ch, version), StandardCharsets.UTF_8).trim();
        if (!versionText.matches("[1-9][0-9]{0,5}")) {
            throw new CheckpointException(file + ": " + version.name() + ": expected a positive integer, found \""
                    + versionText + "\"");
        }
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        ZipIndex.Entry bo = entries.get(prefix + "byteorder");
        if (bo != null) {
            String text = new String(ZipIndex.content(file, ch, bo), StandardCharsets.UTF_8).trim();
            if (text.equals("big")) {
                order = ByteOrder.BIG_ENDIAN;
            } else if (!text.equals("little")) {
                throw new CheckpointException(file + ": " + bo.name() + ": expected \"little\" or \"big\", found \""
                        + text + "\"");
            }
        }
        String pkl = prefix + "data.pkl";
        byte[] pickle = ZipIndex.content(file, ch, entries.get(pkl));
        Map<String, TorchStorage> storages = new HashMap<>();
        String dataPrefix = prefix + "data/";
        String source = file + " (" + pkl + ")";
        RestrictedUnpickler u = new RestrictedUnpickler(new ByteArrayInputStream(pickle), source, 0, (pid, where) -> {
            List<Object> id = storageId(pid, where, 5);
            TorchDtype dtype = ((Global) id.get(1)).dtype();
            String key = (String) id.get(2);
            long numel = (Long) id.get(4);
            TorchStorage known = storages.get(key);
            if (known != null) {
                sameStorage(known, dtype, numel, where);
                return known;
            }
            ZipIndex.Entry e = entries.get(dataPrefix + key);
            if (e == null) {
                throw new CheckpointException(where + ": storage '" + key + "' has no entry " + dataPrefix + key);
            }
            if (e.method() != 0) {
                throw new CheckpointException(String.format(Locale.ROOT,
                        "%s: entry %s is compressed (method %d); torch.save stores storages uncompressed, so the file "
                                + "was repacked; re-save it with torch.save", file, e.name(), e.method()));
            }
            TorchStorage s = new TorchStorage(key, dtype, numel, (String) id.get(3), e.dataOffset());
            if (s.byteLength() != e.size()) {
                throw new CheckpointException(String.format(Locale.ROOT,
                        "%s: storage '%s' is %d x %s = %d bytes, but entry %s holds %d", where, key, numel,
                        dtype.storageClass(), s.byteLength(), e.name(), e.size()));
            }
            storages.put(key, s);
            return s;
        });
        Object root = u.load();
        Map<String, TorchTensor> tensors = tensors(file, root, s -> s);
        return new TorchCheckpoint(file, ch, Format.ZIP, order, tensors);
    }

    /** Checks a persistent id {@code ('storage', <storage class>, key, location, numel[, view])}. */
    private static List<Object> storageId(Object pid, String where, int arity) throws CheckpointException {
        if (!(pid instanceof Tuple t) || t.items().size() != arity || !"storage".equals(t.items().get(0))) {
            String what = pid instanceof Tuple t && !t.items().isEmpty() && "module".equals(t.items().get(0))
                    ? " (a pickled nn.Module, which needs its Python classes)" : "";
            throw new CheckpointException(String.format(Locale.ROOT,
                    "%s: expected a persistent id ('storage', type, key, location, numel%s), found %s%s", where,
                    arity == 6 ? ", view" : "", RestrictedUnpickler.describe(pid), what));
        }
        List<Object> id = t.items();
        if (!(id.get(1) instanceof Global g) || g.kind() != Kind.STORAGE_TYPE) {
            throw new CheckpointException(where + ": expected a torch.*Storage class in the persistent id, found "
                    + RestrictedUnpickler.describe(id.get(1)));
        }
        if (!(id.get(2) instanceof String) || !(id.get(3) instanceof String) || !(id.get(4) instanceof Long n)
                || n < 0) {
            throw new CheckpointException(String.format(Locale.ROOT,
                    "%s: expected key and location strings and a non-negative element count in the persistent id, "
                            + "found %s, %s, %s", where, RestrictedUnpickler.describe(id.get(2)),
                    RestrictedUnpickler.describe(id.get(3)), RestrictedUnpickler.describe(id.get(4))));
        }
        return id;
    }

    private static void sameStorage(TorchStorage known, TorchDtype dtype, long numel, String where)
            throws CheckpointException {
        if (known.dtype() != dtype || known.numel() != numel) {
            throw new CheckpointException(String.format(Locale.ROOT,
                    "%s: storage '%s' is referenced as %d x %s and as %d x %s", where, known.key(), known.numel(),
                    known.dtype().storageClass(), numel, dtype.storageClass()));
        }
    }

    private static TorchCheckpoint parseLegacy(Path file, FileChannel ch) throws IOException {
        InputStream in = new BufferedInputStream(Channels.newInputStream(ch.position(0)), 1 << 16);
        long[] at = {0};
        Object magic = next(in, file, at, null);
        if (!(magic instanceof BigInteger b && b.equals(LEGACY_MAGIC))) {
            throw new CheckpointException(file + ": a pickle, but its first value " + RestrictedUnpickler.describe(magic)
                    + " is not torch's magic number 0x1950a86a20f9469cfc6c; not a torch.save checkpoint");
        }
        Object version = next(in, file, at, null);
        if (!(version instanceof Long v && v == LEGACY_PROTOCOL_VERSION)) {
            throw new CheckpointException(file + ": expected legacy protocol version 1001, found "
                    + RestrictedUnpickler.describe(version));
        }
        Object sysInfo = next(in, file, at, null);
        if (!(sysInfo instanceof Map<?, ?> info) || !Boolean.TRUE.equals(info.get("little_endian"))) {
            throw new CheckpointException(file + ": the system-info record does not say little_endian=True; files "
                    + "saved on big-endian machines in the legacy format are not supported");
        }
        Map<String, TorchStorage> roots = new LinkedHashMap<>();
        // views (torch before 1.0): storage "view:<key>" = a range of a root storage
        Map<String, TorchStorage> views = new HashMap<>();
        Map<String, String> viewRoot = new HashMap<>();
        Map<String, Long> viewOffset = new HashMap<>();
        Object root = next(in, file, at, (pid, where) -> {
            List<Object> id = storageId(pid, where, 6);
            TorchDtype dtype = ((Global) id.get(1)).dtype();
            String key = (String) id.get(2);
            long numel = (Long) id.get(4);
            TorchStorage known = roots.get(key);
            if (known != null) {
                sameStorage(known, dtype, numel, where);
            } else {
                known = new TorchStorage(key, dtype, numel, (String) id.get(3), -1);
                roots.put(key, known);
            }
            Object view = id.get(5);
            if (view == None.NONE) {
                return known;
            }
            if (!(view instanceof Tuple vt) || vt.items().size() != 3 || !(vt.items().get(0) instanceof String vk)
                    || !(vt.items().get(1) instanceof Long off) || !(vt.items().get(2) instanceof Long vsize)
                    || off < 0 || vsize < 0 || off + vsize > numel) {
                throw new CheckpointException(where + ": expected view metadata (key, offset, size) inside storage '"
                        + key + "' of " + numel + " elements, found " + RestrictedUnpickler.describe(view));
            }
            String viewKey = "view:" + vk;
            viewRoot.put(viewKey, key);
            viewOffset.put(viewKey, off);
            return views.computeIfAbsent(viewKey, k -> new TorchStorage(k, dtype, vsize, (String) id.get(3), -1));
        });
        Object keys = next(in, file, at, null);
        if (!(keys instanceof List<?> keyList)) {
            throw new CheckpointException(file + ": expected the list of storage keys after the data, found "
                    + RestrictedUnpickler.describe(keys));
        }
        long p = at[0];
        Map<String, TorchStorage> placed = new HashMap<>();
        for (Object k : keyList) {
            TorchStorage s = roots.get(k);
            if (s == null) {
                throw new CheckpointException(file + ": storage key " + RestrictedUnpickler.describe(k)
                        + " is listed but no tensor uses it");
            }
            long count = ZipIndex.readAt(ch, p, 8, file).getLong(0);
            if (count != s.numel()) {
                throw new CheckpointException(String.format(Locale.ROOT,
                        "%s: storage '%s' at byte %d: the file says %d elements, the pickle %d", file, k, p, count,
                        s.numel()));
            }
            placed.put((String) k, s.at(p + 8));
            p += 8 + s.byteLength();
        }
        if (p > ch.size()) {
            throw new CheckpointException(String.format(Locale.ROOT,
                    "%s: the storages need %d bytes but the file has %d; truncated download?", file, p, ch.size()));
        }
        for (String k : roots.keySet()) {
            if (!placed.containsKey(k)) {
                throw new CheckpointException(file + ": storage '" + k + "' is used but missing from the key list");
            }
        }
        for (TorchStorage vs : views.values()) {
            TorchStorage r = placed.get(viewRoot.get(vs.key()));
            placed.put(vs.key(), vs.at(r.fileOffset() + viewOffset.get(vs.key()) * vs.dtype().bytes()));
        }
        Map<String, TorchTensor> tensors = tensors(file, root, s -> placed.get(s.key()));
        return new TorchCheckpoint(file, ch, Format.LEGACY, ByteOrder.LITTLE_ENDIAN, tensors);
    }

    private static Object next(InputStream in, Path file, long[] at, RestrictedUnpickler.PersistentLoader loader)
            throws IOException {
        RestrictedUnpickler u = new RestrictedUnpickler(in, file.toString(), at[0], loader);
        Object v = u.load();
        at[0] += u.consumed();
        return v;
    }

    /** The state dict's tensors, with their storages placed and their extents checked. */
    private static Map<String, TorchTensor> tensors(Path file, Object root,
            java.util.function.UnaryOperator<TorchStorage> place) throws CheckpointException {
        if (!(root instanceof Map<?, ?> dict)) {
            throw new CheckpointException(file + ": expected a state dict (a dict of tensors) at the top level, found "
                    + RestrictedUnpickler.describe(root));
        }
        Map<String, TorchTensor> out = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        List<String> nested = new ArrayList<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof TensorRef ref)) {
                (e.getValue() instanceof Map<?, ?> ? nested : skipped).add(name);
                continue;
            }
            if (!(e.getKey() instanceof String)) {
                throw new CheckpointException(file + ": tensor key " + RestrictedUnpickler.describe(e.getKey())
                        + " is not a string");
            }
            TorchTensor t = new TorchTensor(name, place.apply(ref.storage()), ref.storageOffset(), ref.shape(),
                    ref.stride());
            checkExtent(file, t);
            out.put(name, t);
        }
        if (out.isEmpty()) {
            throw new CheckpointException(file + ": no tensors at the top level of the checkpoint"
                    + (nested.isEmpty() ? "" : "; it nests dicts under " + nested
                            + " (a training state?); save the model's state_dict() itself"));
        }
        if (!skipped.isEmpty() || !nested.isEmpty()) {
            List<String> all = new ArrayList<>(skipped);
            all.addAll(nested);
            LOG.info("{}: skipped {} non-tensor entries: {}", file, all.size(), all.size() <= 8 ? all
                    : all.subList(0, 8) + " ...");
        }
        return Collections.unmodifiableMap(out);
    }

    private static void checkExtent(Path file, TorchTensor t) throws CheckpointException {
        long[] shape = t.shape();
        long[] stride = t.stride();
        try {
            long last = t.storageOffset();
            boolean empty = false;
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] < 0 || stride[i] < 0) {
                    throw new CheckpointException(String.format(Locale.ROOT,
                            "%s: tensor '%s': negative size or stride (%s, %s)", file, t.name(), Arrays.toString(shape),
                            Arrays.toString(stride)));
                }
                empty |= shape[i] == 0;
                last = Math.addExact(last, Math.multiplyExact(Math.max(shape[i] - 1, 0), stride[i]));
            }
            if (t.storageOffset() < 0 || (!empty && last >= t.storage().numel())) {
                throw new CheckpointException(String.format(Locale.ROOT,
                        "%s: tensor '%s' (offset %d, size %s, stride %s) reaches element %d of storage '%s', which has "
                                + "%d", file, t.name(), t.storageOffset(), Arrays.toString(shape),
                        Arrays.toString(stride), last, t.storage().key(), t.storage().numel()));
            }
        } catch (ArithmeticException e) {
            throw new CheckpointException(file + ": tensor '" + t.name() + "': size and stride overflow", e);
        }
    }

    /**
     * The file.
     *
     * @return the path given to {@link #open}
     */
    public Path file() {
        return file;
    }

    /**
     * Which layout the file has.
     *
     * @return zip or legacy
     */
    public Format format() {
        return format;
    }

    /**
     * The byte order of the storages.
     *
     * @return little-endian unless the zip's byteorder record says big
     */
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /**
     * The tensors of the state dict, in pickle order.
     *
     * @return name to tensor; unmodifiable
     */
    public Map<String, TorchTensor> tensors() {
        return tensors;
    }

    /**
     * Reads a floating-point tensor (float32, float16, bfloat16 or float64) as float32, in
     * row-major order whatever its strides.
     *
     * @param name the state-dict key
     * @return the tensor
     * @throws CheckpointException when the name is unknown, the dtype is not floating-point or
     *     the tensor is too large for one Java array
     * @throws IOException when the file cannot be read
     */
    public FloatTensor readFloat(String name) throws IOException {
        TorchTensor t = tensor(name);
        TorchDtype d = t.dtype();
        if (d != TorchDtype.FLOAT && d != TorchDtype.HALF && d != TorchDtype.BFLOAT16 && d != TorchDtype.DOUBLE) {
            throw new CheckpointException(String.format(Locale.ROOT,
                    "%s: tensor '%s' has dtype %s; expected a floating-point dtype", file, name, d));
        }
        ByteBuffer buf = elements(t);
        float[] out = new float[buf.remaining() / d.bytes()];
        switch (d) {
            case FLOAT -> buf.asFloatBuffer().get(out);
            case DOUBLE -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) buf.getDouble();
                }
            }
            case HALF -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = halfToFloat(buf.getShort());
                }
            }
            default -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
                }
            }
        }
        return new FloatTensor(t.shape(), out);
    }

    /**
     * Reads an integer or boolean tensor as longs, in row-major order.
     *
     * @param name the state-dict key
     * @return the values (booleans as 0/1, uint8 unsigned)
     * @throws CheckpointException when the name is unknown or the dtype is floating-point
     * @throws IOException when the file cannot be read
     */
    public long[] readLong(String name) throws IOException {
        TorchTensor t = tensor(name);
        TorchDtype d = t.dtype();
        ByteBuffer buf = elements(t);
        long[] out = new long[buf.remaining() / d.bytes()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (d) {
                case LONG -> buf.getLong();
                case INT -> buf.getInt();
                case SHORT -> buf.getShort();
                case CHAR -> buf.get();
                case BYTE, BOOL, UNTYPED -> buf.get() & 0xff;
                default -> throw new CheckpointException(String.format(Locale.ROOT,
                        "%s: tensor '%s' has dtype %s; expected an integer dtype", file, name, d));
            };
        }
        return out;
    }

    private TorchTensor tensor(String name) throws CheckpointException {
        TorchTensor t = tensors.get(name);
        if (t == null) {
            throw new CheckpointException(file + ": no tensor named '" + name + "'");
        }
        return t;
    }

    /** The tensor's elements, row-major, contiguous, in the file's byte order. */
    private ByteBuffer elements(TorchTensor t) throws IOException {
        int width = t.dtype().bytes();
        long n = t.elementCount();
        if (n * width > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(file + ": tensor '" + t.name() + "' has " + n
                    + " elements, more than one Java array can hold");
        }
        if (n == 0) {
            return ByteBuffer.allocate(0).order(byteOrder);
        }
        if (t.isContiguous()) {
            return ZipIndex.readAt(channel, t.fileOffset(), (int) (n * width), file).order(byteOrder);
        }
        long[] shape = t.shape();
        long[] stride = t.stride();
        long span = 1;
        for (int i = 0; i < shape.length; i++) {
            span += (shape[i] - 1) * stride[i];
        }
        if (span * width > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(file + ": tensor '" + t.name() + "' spans " + span
                    + " storage elements, more than one Java array can hold");
        }
        ByteBuffer src = ZipIndex.readAt(channel, t.fileOffset(), (int) (span * width), file);
        ByteBuffer out = ByteBuffer.allocate((int) (n * width));
        long[] index = new long[shape.length];
        for (long k = 0; k < n; k++) {
            long at = 0;
            for (int i = 0; i < shape.length; i++) {
                at += index[i] * stride[i];
            }
            out.put(src.array(), (int) (at * width), width);
            for (int i = shape.length - 1; i >= 0; i--) {
                if (++index[i] < shape[i]) {
                    break;
                }
                index[i] = 0;
            }
        }
        out.flip();
        return out.order(byteOrder);
    }

    /**
     * The tensors as a {@link SafetensorsReader} reading in place, which is how model folders
     * load them: each tensor must be contiguous and the file little-endian.
     *
     * @return an open reader on the same file; close it
     * @throws CheckpointException naming the tensor and its strides when one is not contiguous,
     *     or when the storages are big-endian
     * @throws IOException when the file cannot be opened
     */
    public SafetensorsReader toSafetensorsView() throws IOException {
        if (byteOrder != ByteOrder.LITTLE_ENDIAN) {
            throw new CheckpointException(file + ": storages are big-endian (byteorder record); loading them into a "
                    + "model is not supported, re-save on a little-endian machine");
        }
        Map<String, TensorInfo> infos = new LinkedHashMap<>();
        for (TorchTensor t : tensors.values()) {
            if (!t.isContiguous()) {
                throw new CheckpointException(String.format(Locale.ROOT,
                        "%s: tensor '%s' has size %s and stride %s, not contiguous (a transposed or sliced view saved "
                                + "as is); re-save with {k: v.contiguous() for k, v in state_dict.items()}", file,
                        t.name(), Arrays.toString(t.shape()), Arrays.toString(t.stride())));
            }
            long begin = t.fileOffset();
            infos.put(t.name(), new TensorInfo(t.name(), t.dtype().safetensors(), t.shape(), begin,
                    begin + t.elementCount() * t.dtype().bytes()));
        }
        return SafetensorsReader.view(file, infos);
    }

    /** IEEE 754 binary16 to float, subnormals, infinities and NaN included. */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits >>> 15) << 31;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    private static byte[] bytes(ByteBuffer b, int from, int n) {
        byte[] out = new byte[Math.max(0, Math.min(n, b.limit() - from))];
        b.get(from, out);
        return out;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format(Locale.ROOT, "%02x ", x & 0xff));
        }
        return sb.toString().trim();
    }

    /**
     * Closes the file.
     *
     * @throws IOException when closing fails
     */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
