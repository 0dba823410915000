package io.github.bertner.importer;

import java.nio.charset.StandardCharsets;

/**
 * A forward-only reader of the protocol-buffers wire format over a byte array slice. ONNX files
 * are plain protobuf messages; reading the handful of fields an importer needs takes no generated
 * code and no protobuf library, and byte payloads (tensor data) are handed out as slices of the
 * file's array rather than copies.
 *
 * <p>Wire types: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. Groups (3, 4) are obsolete
 * and not used by ONNX; meeting one is reported as a malformed file.
 */
final class ProtoReader {

    /** Wire type of varints. */
    static final int VARINT = 0;
    /** Wire type of 8-byte values. */
    static final int FIXED64 = 1;
    /** Wire type of length-delimited values (strings, bytes, messages, packed arrays). */
    static final int LENGTH_DELIMITED = 2;
    /** Wire type of 4-byte values. */
    static final int FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int end;
    private int tag;

    ProtoReader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buf.length) {
            throw new OnnxFormatException("message slice [" + offset + ", " + (offset + length)
                    + ") lies outside the file of " + buf.length + " bytes");
        }
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    /** @return the underlying array (slices returned by {@link #bytesOffset()} index into it) */
    byte[] buffer() {
        return buf;
    }

    /**
     * Advances to the next field.
     *
     * @return false at the end of the message
     */
    boolean next() {
        if (pos >= end) {
            return false;
        }
        long t = readVarint();
        tag = (int) t;
        if (fieldNumber() == 0) {
            throw new OnnxFormatException("field number 0 at byte " + pos + ": not a protobuf message");
        }
        return true;
    }

    /** @return the current field's number */
    int fieldNumber() {
        return tag >>> 3;
    }

    /** @return the current field's wire type */
    int wireType() {
        return tag & 7;
    }

    /** @return the current varint field */
    long varint() {
        expect(VARINT);
        return readVarint();
    }

    /** @return the current fixed32 field as a float */
    float fixed32Float() {
        expect(FIXED32);
        return Float.intBitsToFloat(readFixed32());
    }

    /** @return the current fixed64 field as a double */
    double fixed64Double() {
        expect(FIXED64);
        return Double.longBitsToDouble(readFixed64());
    }

    /** @return the current length-delimited field as UTF-8 text */
    String string() {
        int len = lengthPrefix();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    /**
     * Reads the current length-delimited field's bounds.
     *
     * @return {offset, length} of the payload in {@link #buffer()}
     */
    int[] bytesSlice() {
        int len = lengthPrefix();
        int[] slice = {pos, len};
        pos += len;
        return slice;
    }

    /** @return a reader over the current length-delimited field (a nested message) */
    ProtoReader message() {
        int[] s = bytesSlice();
        return new ProtoReader(buf, s[0], s[1]);
    }

    /**
     * Reads a repeated varint field occurrence, packed or not.
     *
     * @param sink receives each value
     */
    void varints(java.util.function.LongConsumer sink) {
        if (wireType() == LENGTH_DELIMITED) {
            int[] s = bytesSlice();
            ProtoReader inner = new ProtoReader(buf, s[0], s[1]);
            while (inner.pos < inner.end) {
                sink.accept(inner.readVarint());
            }
        } else {
            sink.accept(varint());
        }
    }

    /**
     * Reads a repeated float field occurrence, packed or not.
     *
     * @param sink receives each value
     */
    void floats(FloatSink sink) {
        if (wireType() == LENGTH_DELIMITED) {
            int[] s = bytesSlice();
            if (s[1] % 4 != 0) {
                throw new OnnxFormatException("packed float field of " + s[1] + " bytes is not a multiple of 4");
            }
            ProtoReader inner = new ProtoReader(buf, s[0], s[1]);
            while (inner.pos < inner.end) {
                sink.accept(Float.intBitsToFloat(inner.readFixed32()));
            }
        } else {
            sink.accept(fixed32Float());
        }
    }

    /** Skips the current field. */
    void skip() {
        switch (wireType()) {
            case VARINT -> readVarint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> advance(lengthPrefix());
            case FIXED32 -> advance(4);
            default -> throw new OnnxFormatException("unsupported wire type " + wireType() + " of field "
                    + fieldNumber() + " at byte " + pos);
        }
    }

    /** Receives floats without boxing. */
    @FunctionalInterface
    interface FloatSink {
        void accept(float f);
    }

    private void expect(int wire) {
        if (wireType() != wire) {
            throw new OnnxFormatException("field " + fieldNumber() + ": expected wire type " + wire
                    + ", found " + wireType() + " at byte " + pos);
        }
    }

    private int lengthPrefix() {
        expect(LENGTH_DELIMITED);
        long len = readVarint();
        if (len < 0 || len > end - pos) {
            throw new OnnxFormatException("field " + fieldNumber() + " claims " + len + " bytes at byte " + pos
                    + " but only " + (end - pos) + " remain: truncated or not an ONNX file");
        }
        return (int) len;
    }

    private void advance(int n) {
        if (n > end - pos) {
            throw new OnnxFormatException("truncated message at byte " + pos);
        }
        pos += n;
    }

    private long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new OnnxFormatException("truncated varint at byte " + pos);
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new OnnxFormatException("varint longer than 10 bytes at byte " + pos);
    }

    private int readFixed32() {
        advance(4);
        int p = pos - 4;
        return (buf[p] & 0xFF) | (buf[p + 1] & 0xFF) << 8 | (buf[p + 2] & 0xFF) << 16 | (buf[p + 3] & 0xFF) << 24;
    }

    private long readFixed64() {
        advance(8);
        int p = pos - 8;
        long lo = (buf[p] & 0xFFL) | (buf[p + 1] & 0xFFL) << 8 | (buf[p + 2] & 0xFFL) << 16 | (buf[p + 3] & 0xFFL) << 24;
        long hi = (buf[p + 4] & 0xFFL) | (buf[p + 5] & 0xFFL) << 8 | (buf[p + 6] & 0xFFL) << 16 | (buf[p + 7] & 0xFFL) << 24;
        return lo | hi << 32;
    }
}
