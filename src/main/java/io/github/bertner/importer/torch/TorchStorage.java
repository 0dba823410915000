package io.github.bertner.importer.torch;

/**
 * One storage of a torch checkpoint: a flat array of elements in the file.
 *
 * @param key the storage key (the {@code data/<key>} entry name in a zip checkpoint)
 * @param dtype the element type
 * @param numel the number of elements
 * @param location the device it was saved from ({@code cpu}, {@code cuda:0}...), informational
 * @param fileOffset absolute byte position of element 0 in the checkpoint file
 */
public record TorchStorage(String key, TorchDtype dtype, long numel, String location, long fileOffset) {

    /**
     * Size in bytes.
     *
     * @return numel times the element width
     */
    public long byteLength() {
        return Math.multiplyExact(numel, (long) dtype.bytes());
    }

    TorchStorage at(long offset) {
        return new TorchStorage(key, dtype, numel, location, offset);
    }
}
