package io.github.bertner.cli;

/**
 * An option value or a combination of options that cannot work, found before any input is read; the
 * command exits with {@link ErrorReporter#BAD_USAGE}. The message names the option, what it expects and
 * what it got.
 */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message {@code --option: expected ..., found ...}
     */
    UsageException(String message) {
        super(message);
    }
}
