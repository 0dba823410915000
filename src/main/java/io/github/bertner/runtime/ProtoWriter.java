package io.github.bertner.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few parts of the protocol-buffers wire format that an ONNX file needs: varint, 32-bit and
 * length-delimited fields. Repeated scalars are written unpacked, one field per value, because
 * onnx.proto is proto2 without {@code [packed = true]} and every parser reads that form.
 *
 * <p>A nested message is built in its own writer and then copied into its parent; for the model
 * sizes we export (tens of MB) the copies cost less than a second.
 */
final class ProtoWriter {
    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final Buffer out;

    ProtoWriter() {
        this(256);
    }

    ProtoWriter(int initialCapacity) {
        out = new Buffer(initialCapacity);
    }

    ProtoWriter varint(int field, long value) {
        tag(field, VARINT);
        rawVarint(value);
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        rawVarint(value.length);
        out.write(value, 0, value.length);
        return this;
    }

    ProtoWriter message(int field, ProtoWriter message) {
        tag(field, LENGTH_DELIMITED);
        rawVarint(message.out.size());
        message.out.copyTo(this.out);
        return this;
    }

    /**
     * Starts a length-delimited field whose {@code length} bytes the caller writes next with
     * {@link #raw}; lets large payloads go into their parent without an intermediate copy.
     */
    ProtoWriter lengthDelimitedHeader(int field, long length) {
        tag(field, LENGTH_DELIMITED);
        rawVarint(length);
        return this;
    }

    ProtoWriter raw(byte[] data) {
        out.write(data, 0, data.length);
        return this;
    }

    ProtoWriter raw(ProtoWriter data) {
        data.out.copyTo(out);
        return this;
    }

    /** Bytes a length-delimited field of {@code length} payload bytes takes, tag included. */
    static long lengthDelimitedSize(int field, long length) {
        return varintSize(((long) field << 3) | LENGTH_DELIMITED) + varintSize(length) + length;
    }

    static int varintSize(long value) {
        int n = 1;
        long v = value;
        while ((v & ~0x7FL) != 0) {
            n++;
            v >>>= 7;
        }
        return n;
    }

    ProtoWriter float32(int field, float value) {
        tag(field, FIXED32);
        int bits = Float.floatToIntBits(value);
        for (int i = 0; i < 4; i++) {
            out.write((bits >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    /** A byte buffer that copies into another without the checked exception of {@code writeTo}. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int capacity) {
            super(capacity);
        }

        void copyTo(ByteArrayOutputStream target) {
            target.write(buf, 0, count);
        }
    }

    private void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    /** Negative values take ten bytes (two's complement as unsigned), as protobuf's int64 does. */
    private void rawVarint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
