package io.github.bertner.model;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code .safetensors} file in plain Java: an 8-byte little-endian header length, a JSON
 * header mapping tensor names to {@code dtype}, {@code shape} and {@code data_offsets}, then the raw
 * little-endian tensor bytes.
 *
 * <p>{@link #open(Path)} validates the whole header against the file before any tensor is read:
 * header length, JSON syntax, known dtypes, byte sizes that agree with shape and dtype, offsets
 * inside the file, and offsets that tile the data section without overlap or gap. Tensors are read
 * one at a time on demand, so a large checkpoint is never held twice in memory.
 */
public final class SafetensorsReader implements AutoCloseable {
    /** Largest accepted header, as in the reference implementation. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final Gson GSON = new Gson();

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsReader(Path file, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors,
            Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * Opens and validates a safetensors file.
     *
     * @param file the file
     * @return an open reader; close it to release the file
     * @throws CheckpointException naming the file (and tensor) when the file is missing, is a
     *     pickle checkpoint, or its header is malformed or inconsistent with the data
     * @throws IOException when the file cannot be read
     */
    public static SafetensorsReader open(Path file) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("missing safetensors file " + file, e);
        }
        try {
            SafetensorsReader r = parse(file, ch);
            ch = null;
            return r;
        } finally {
            if (ch != null) {
                ch.close();
            }
        }
    }

    private static SafetensorsReader parse(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new CheckpointException(String.format(Locale.ROOT,
                    "%s: file has %d bytes, too short for the 8-byte safetensors header length", file, size));
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0, file);
        long headerLen = lenBuf.flip().getLong();
        if ((headerLen < 2 || headerLen > size - 8) && looksLikeZipOrPickle(lenBuf)) {
            throw new CheckpointException(file + ": this is a PyTorch pickle/zip checkpoint, not safetensors; "
                    + "convert it to model.safetensors first (pickle files are never loaded, they can run code)");
        }
        if (headerLen < 2 || headerLen > size - 8) {
            throw new CheckpointException(String.format(Locale.ROOT,
                    "%s: header length %d points past the end of the file (%d bytes after the 8-byte length)",
                    file, headerLen, size - 8));
        }
        if (headerLen > MAX_HEADER_BYTES) {
            throw new CheckpointException(String.format(Locale.ROOT,
                    "%s: header length %d exceeds the limit of %d bytes", file, headerLen, MAX_HEADER_BYTES));
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        readFully(ch, hb, 8, file);
        hb.flip();
        String headerText;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(hb);
            headerText = chars.toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(file + ": header is not valid UTF-8", e);
        }
        JsonObject header = parseHeader(file, headerText);
        long dataStart = 8 + headerLen;
        long dataSize = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorInfo> infos = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                readMetadata(file, e.getValue(), metadata);
            } else {
                infos.add(readEntry(file, e.getKey(), e.getValue()));
            }
        }
        infos.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        TensorInfo last = null;
        for (TensorInfo t : infos) {
            if (t.end() > dataSize) {
                throw new CheckpointException(String.format(Locale.ROOT,
                        "%s: truncated file: tensor '%s' needs data bytes [%d, %d) but only %d data bytes follow the header",
                        file, t.name(), t.begin(), t.end(), dataSize));
            }
            long expectedBegin = last == null ? 0 : last.end();
            if (t.begin() < expectedBegin) {
                throw new CheckpointException(String.format(Locale.ROOT,
                        "%s: data_offsets of tensor '%s' [%d, %d) overlap tensor '%s' [%d, %d)", file, t.name(),
                        t.begin(), t.end(), last.name(), last.begin(), last.end()));
            }
            if (t.begin() > expectedBegin) {
                throw new CheckpointException(String.format(Locale.ROOT,
                        "%s: data_offsets of tensor '%s' start at %d, expected %d (gap in the data section)", file,
                        t.name(), t.begin(), expectedBegin));
            }
            last = t;
        }
        long covered = last == null ? 0 : last.end();
        if (covered != dataSize) {
            throw new CheckpointException(String.format(Locale.ROOT,
                    "%s: tensors cover %d data bytes but the file holds %d after the header", file, covered, dataSize));
        }
        Map<String, TensorInfo> byName = new LinkedHashMap<>();
        for (TensorInfo t : infos) {
            byName.put(t.name(), t);
        }
        return new SafetensorsReader(file, ch, dataStart, Collections.unmodifiableMap(byName),
                Collections.unmodifiableMap(metadata));
    }

    private static boolean looksLikeZipOrPickle(ByteBuffer first8) {
        byte b0 = first8.get(0);
        byte b1 = first8.get(1);
        // torch.save writes a zip archive ("PK\3\4") since 1.6 and a raw pickle (protocol byte 0x80) before
        return (b0 == 'P' && b1 == 'K' && first8.get(2) == 3 && first8.get(3) == 4)
                || (b0 == (byte) 0x80 && b1 >= 2 && b1 <= 5);
    }

    private static JsonObject parseHeader(Path file, String text) throws CheckpointException {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement root = GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new CheckpointException(file + ": invalid JSON header: content after the header object");
            }
            if (root == null || !root.isJsonObject()) {
                throw new CheckpointException(file + ": invalid JSON header: expected an object, found " + root);
            }
            return root.getAsJsonObject();
        } catch (IOException | JsonParseException | IllegalStateException e) {
            if (e instanceof CheckpointException ce) {
                throw ce;
            }
            throw new CheckpointException(file + ": invalid JSON header: " + e.getMessage(), e);
        }
    }

    private static void readMetadata(Path file, JsonElement el, Map<String, String> out) throws CheckpointException {
        if (!el.isJsonObject()) {
            throw new CheckpointException(file + ": '__metadata__' must be an object of strings, found " + el);
        }
        for (Map.Entry<String, JsonElement> m : el.getAsJsonObject().entrySet()) {
            JsonElement v = m.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new CheckpointException(file + ": '__metadata__' value of '" + m.getKey()
                        + "' must be a string, found " + v);
            }
            out.put(m.getKey(), v.getAsString());
        }
    }

    private static TensorInfo readEntry(Path file, String name, JsonElement el) throws CheckpointException {
        String where = file + ": tensor '" + name + "': ";
        if (!el.isJsonObject()) {
            throw new CheckpointException(where + "expected an object with dtype, shape and data_offsets, found " + el);
        }
        JsonObject o = el.getAsJsonObject();
        JsonElement dt = o.get("dtype");
        if (dt == null || !dt.isJsonPrimitive() || !dt.getAsJsonPrimitive().isString()) {
            throw new CheckpointException(where + "missing or non-string 'dtype'");
        }
        SafetensorsDtype dtype = SafetensorsDtype.fromName(dt.getAsString()).orElseThrow(() -> new CheckpointException(
                where + "unknown dtype \"" + dt.getAsString() + "\"; expected one of "
                        + Arrays.toString(SafetensorsDtype.values())));
        long[] shape = longArray(where, "shape", o.get("shape"), -1);
        long[] offsets = longArray(where, "data_offsets", o.get("data_offsets"), 2);
        if (offsets[1] < offsets[0]) {
            throw new CheckpointException(String.format(Locale.ROOT, "%sdata_offsets [%d, %d) end before they begin",
                    where, offsets[0], offsets[1]));
        }
        long bytes;
        try {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            bytes = Math.multiplyExact(n, (long) dtype.bytes());
        } catch (ArithmeticException e) {
            throw new CheckpointException(where + "shape " + Arrays.toString(shape) + " overflows", e);
        }
        if (bytes != offsets[1] - offsets[0]) {
            throw new CheckpointException(String.format(Locale.ROOT,
                    "%sshape %s with dtype %s needs %d bytes, but data_offsets [%d, %d) hold %d bytes", where,
                    Arrays.toString(shape), dtype, bytes, offsets[0], offsets[1], offsets[1] - offsets[0]));
        }
        return new TensorInfo(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] longArray(String where, String field, JsonElement el, int expectedLength)
            throws CheckpointException {
        if (el == null || !el.isJsonArray()) {
            throw new CheckpointException(where + "missing or non-array '" + field + "'");
        }
        if (expectedLength >= 0 && el.getAsJsonArray().size() != expectedLength) {
            throw new CheckpointException(String.format(Locale.ROOT, "%s'%s' must have %d entries, found %s", where,
                    field, expectedLength, el));
        }
        long[] out = new long[el.getAsJsonArray().size()];
        int i = 0;
        for (JsonElement e : el.getAsJsonArray()) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw new CheckpointException(where + "'" + field + "' must hold non-negative integers, found " + el);
            }
            double v = e.getAsDouble();
            long lv;
            try {
                lv = e.getAsJsonPrimitive().getAsBigDecimal().longValueExact();
            } catch (ArithmeticException ex) {
                throw new CheckpointException(where + "'" + field + "' must hold non-negative integers, found " + el, ex);
            }
            if (lv < 0 || v < 0) {
                throw new CheckpointException(where + "'" + field + "' must hold non-negative integers, found " + el);
            }
            out[i++] = lv;
        }
        return out;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new CheckpointException(file + ": unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }

    /**
     * The file this reader reads.
     *
     * @return the path given to {@link #open(Path)}
     */
    public Path file() {
        return file;
    }

    /**
     * All tensors of the file, in the order of their data.
     *
     * @return name to header entry; unmodifiable
     */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /**
     * The {@code __metadata__} object of the header.
     *
     * @return key to value; empty when the header has none
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Reads a floating-point tensor (F32, F16, BF16 or F64) and converts it to float32.
     *
     * @param name the tensor name
     * @return the tensor
     * @throws CheckpointException naming the file and tensor when the tensor is absent, has a
     *     non-float dtype, or has more elements than a Java array can hold
     * @throws IOException when the file cannot be read
     */
    public FloatTensor readFloat(String name) throws IOException {
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw new CheckpointException(file + ": no tensor named '" + name + "'");
        }
        if (!t.dtype().isReadableAsFloat()) {
            throw new CheckpointException(String.format(Locale.ROOT,
                    "%s: tensor '%s' has dtype %s; expected a floating-point dtype (F32, F16, BF16 or F64)", file,
                    name, t.dtype()));
        }
        long n = t.elementCount();
        if (n > Integer.MAX_VALUE - 8 || t.end() - t.begin() > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(file + ": tensor '" + name + "' has " + n
                    + " elements, more than one Java array can hold");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) (t.end() - t.begin())).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, buf, dataStart + t.begin(), file);
        buf.flip();
        float[] out = new float[(int) n];
        switch (t.dtype()) {
            case F32 -> buf.asFloatBuffer().get(out);
            case F64 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) buf.getDouble();
                }
            }
            case F16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = halfToFloat(buf.getShort());
                }
            }
            case BF16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
                }
            }
            default -> throw new IllegalStateException("unreachable: " + t.dtype());
        }
        return new FloatTensor(t.shape(), out);
    }

    /**
     * Converts an IEEE 754 binary16 value to float (Java 17 lacks {@code Float.float16ToFloat}).
     *
     * @param h the 16 bits
     * @return the same value as float, including subnormals, infinities and NaN
     */
    public static float halfToFloat(short h) {
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
