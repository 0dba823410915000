package io.github.bertner.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Wire-format bytes checked against the protobuf encoding rules by hand. */
class ProtoWriterTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void varintsIncludingNegativeInt64() {
        assertArrayEquals(bytes(0x08, 0x96, 0x01), new ProtoWriter().varint(1, 150).toByteArray());
        assertArrayEquals(bytes(0x10, 0xAC, 0x02), new ProtoWriter().varint(2, 300).toByteArray());
        assertArrayEquals(bytes(0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01),
                new ProtoWriter().varint(1, -1).toByteArray());
        // field 20 needs a two-byte tag: (20 << 3) | 0 = 160
        assertArrayEquals(bytes(0xA0, 0x01, 0x07), new ProtoWriter().varint(20, 7).toByteArray());
    }

    @Test
    void stringsFloatsAndNestedMessages() {
        assertArrayEquals(bytes(0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g'),
                new ProtoWriter().string(2, "testing").toByteArray());
        // 1.0f = 0x3F800000, little-endian after tag (2 << 3) | 5
        assertArrayEquals(bytes(0x15, 0x00, 0x00, 0x80, 0x3F), new ProtoWriter().float32(2, 1f).toByteArray());
        ProtoWriter inner = new ProtoWriter().varint(1, 150);
        assertArrayEquals(bytes(0x1A, 0x03, 0x08, 0x96, 0x01), new ProtoWriter().message(3, inner).toByteArray());
        ProtoWriter streamed = new ProtoWriter().lengthDelimitedHeader(3, inner.size()).raw(inner);
        assertArrayEquals(new ProtoWriter().message(3, inner).toByteArray(), streamed.toByteArray());
    }

    @Test
    void sizesMatchWhatIsWritten() {
        assertEquals(1, ProtoWriter.varintSize(127));
        assertEquals(2, ProtoWriter.varintSize(128));
        assertEquals(10, ProtoWriter.varintSize(-1));
        assertEquals(1 + 2 + 300, ProtoWriter.lengthDelimitedSize(9, 300));
        assertEquals(new ProtoWriter().bytes(9, new byte[300]).size(), ProtoWriter.lengthDelimitedSize(9, 300));
    }
}
