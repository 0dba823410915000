package io.github.bertner.io;

/**
 * A corpus file that cannot be read as its format says; the message starts with {@code file:line:}.
 */
public final class ReaderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    /**
     * Creates the exception.
     *
     * @param file the file
     * @param line 1-based line, or -1 when not applicable
     * @param message what was expected and what was found
     */
    public ReaderException(String file, int line, String message) {
        this(file, line, message, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file the file
     * @param line 1-based line, or -1
     * @param message what was expected and what was found
     * @param cause the underlying error
     */
    public ReaderException(String file, int line, String message, Throwable cause) {
        super(file + (line >= 0 ? ":" + line : "") + ": " + message, cause);
        this.file = file;
        this.line = line;
    }

    /**
     * The file.
     *
     * @return file name or path
     */
    public String file() {
        return file;
    }

    /**
     * The line.
     *
     * @return 1-based line, or -1
     */
    public int line() {
        return line;
    }
}
