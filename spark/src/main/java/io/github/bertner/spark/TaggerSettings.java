package io.github.bertner.spark;

import io.github.bertner.tagging.Decoding;
import java.io.Serializable;
import java.util.Objects;

/**
 * How a {@link DocumentTagger} loads its model: sent from the driver to every executor, and the key
 * under which an executor JVM keeps its one shared tagger.
 *
 * @param modelLocation model folder as the user gave it: a path every executor can read (shared
 *                      file system) or the name of a folder shipped with {@code --archives}
 * @param device        {@code auto}, {@code cpu} or {@code gpu:N}
 * @param batchSize     word-piece windows per model call
 * @param decoding      Viterbi or argmax
 */
public record TaggerSettings(String modelLocation, String device, int batchSize, Decoding decoding)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Checks the values. */
    public TaggerSettings {
        Objects.requireNonNull(modelLocation, "modelLocation");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(decoding, "decoding");
        if (batchSize < 1) {
            throw new IllegalArgumentException("expected a batch size of at least 1, found " + batchSize);
        }
    }

    /**
     * @param location the model folder as found on this machine
     * @return these settings with another model location
     */
    public TaggerSettings withModelLocation(String location) {
        return new TaggerSettings(location, device, batchSize, decoding);
    }
}
