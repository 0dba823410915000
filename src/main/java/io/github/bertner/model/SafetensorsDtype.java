package io.github.bertner.model;

import java.util.Optional;

/** The element types of the safetensors format, with their byte widths. */
public enum SafetensorsDtype {
    /** 64-bit IEEE float. */
    F64(8, true),
    /** 32-bit IEEE float. */
    F32(4, true),
    /** 16-bit IEEE half float. */
    F16(2, true),
    /** bfloat16: the upper 16 bits of a float32. */
    BF16(2, true),
    /** 8-bit float, e4m3 layout; not readable as weights here. */
    F8_E4M3(1, false),
    /** 8-bit float, e5m2 layout; not readable as weights here. */
    F8_E5M2(1, false),
    /** Signed 64-bit integer. */
    I64(8, false),
    /** Signed 32-bit integer. */
    I32(4, false),
    /** Signed 16-bit integer. */
    I16(2, false),
    /** Signed 8-bit integer. */
    I8(1, false),
    /** Unsigned 64-bit integer. */
    U64(8, false),
    /** Unsigned 32-bit integer. */
    U32(4, false),
    /** Unsigned 16-bit integer. */
    U16(2, false),
    /** Unsigned 8-bit integer. */
    U8(1, false),
    /** Boolean, one byte each. */
    BOOL(1, false);

    private final int bytes;
    private final boolean floatingPoint;

    SafetensorsDtype(int bytes, boolean floatingPoint) {
        this.bytes = bytes;
        this.floatingPoint = floatingPoint;
    }

    /**
     * Bytes per element.
     *
     * @return the element width
     */
    public int bytes() {
        return bytes;
    }

    /**
     * Tells whether tensors of this type can be read as float weights.
     *
     * @return true for F64, F32, F16 and BF16
     */
    public boolean isReadableAsFloat() {
        return floatingPoint;
    }

    /**
     * Looks up a dtype by its spelling in a safetensors header.
     *
     * @param name for example {@code "F32"}
     * @return the dtype, or empty when the name is not part of the format
     */
    public static Optional<SafetensorsDtype> fromName(String name) {
        for (SafetensorsDtype d : values()) {
            if (d.name().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
