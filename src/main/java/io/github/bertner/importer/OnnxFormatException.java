package io.github.bertner.importer;

/**
 * An ONNX file that cannot be read, or a graph that is not a BERT encoder this importer can map;
 * the message says what was expected and what was found.
 */
public class OnnxFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was expected and what was found
     */
    public OnnxFormatException(String message) {
        super(message);
    }

    /**
     * @param message what was expected and what was found
     * @param cause the underlying failure
     */
    public OnnxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
