package io.github.bertner.importer.torch;

import io.github.bertner.model.SafetensorsDtype;
import java.util.List;
import java.util.Optional;

/** The element types of torch storages that can be read, by the storage class torch.save names. */
public enum TorchDtype {
    /** torch.float32. */
    FLOAT("FloatStorage", SafetensorsDtype.F32),
    /** torch.float64. */
    DOUBLE("DoubleStorage", SafetensorsDtype.F64),
    /** torch.float16. */
    HALF("HalfStorage", SafetensorsDtype.F16),
    /** torch.bfloat16. */
    BFLOAT16("BFloat16Storage", SafetensorsDtype.BF16),
    /** torch.int64. */
    LONG("LongStorage", SafetensorsDtype.I64),
    /** torch.int32. */
    INT("IntStorage", SafetensorsDtype.I32),
    /** torch.int16. */
    SHORT("ShortStorage", SafetensorsDtype.I16),
    /** torch.int8. */
    CHAR("CharStorage", SafetensorsDtype.I8),
    /** torch.uint8. */
    BYTE("ByteStorage", SafetensorsDtype.U8),
    /** torch.bool, one byte each. */
    BOOL("BoolStorage", SafetensorsDtype.BOOL),
    /** Raw bytes (torch.UntypedStorage): its elements are bytes. */
    UNTYPED("UntypedStorage", SafetensorsDtype.U8);

    private final String storageClass;
    private final SafetensorsDtype safetensors;

    TorchDtype(String storageClass, SafetensorsDtype safetensors) {
        this.storageClass = storageClass;
        this.safetensors = safetensors;
    }

    /**
     * The storage class name in {@code torch}, e.g. {@code FloatStorage}.
     *
     * @return the name
     */
    public String storageClass() {
        return storageClass;
    }

    /**
     * The same element type in safetensors terms.
     *
     * @return the safetensors dtype
     */
    public SafetensorsDtype safetensors() {
        return safetensors;
    }

    /**
     * Bytes per element.
     *
     * @return the element width
     */
    public int bytes() {
        return safetensors.bytes();
    }

    /**
     * Looks a dtype up by its storage class.
     *
     * @param name for example {@code "HalfStorage"}
     * @return the dtype, or empty when not supported
     */
    public static Optional<TorchDtype> fromStorageClass(String name) {
        for (TorchDtype d : values()) {
            if (d.storageClass.equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    static List<String> storageClassNames() {
        return java.util.Arrays.stream(values()).map(d -> "torch." + d.storageClass).toList();
    }
}
