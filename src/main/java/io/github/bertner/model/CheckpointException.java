package io.github.bertner.model;

import java.io.IOException;

/**
 * A checkpoint folder or one of its files (config.json, model.safetensors, vocab.txt) cannot be
 * used. The message names the file and, where it applies, the field or tensor together with the
 * expected and the found value.
 */
public class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a complete, user-facing message.
     *
     * @param message what is wrong, naming the file and the expected versus the found value
     */
    public CheckpointException(String message) {
        super(message);
    }

    /**
     * Creates an exception that keeps its cause.
     *
     * @param message what is wrong, naming the file
     * @param cause the underlying failure
     */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
