package io.github.bertner.serve;

/** A request the server answers with an HTTP error status and a JSON body {@code {"error", "message"}}. */
final class ApiException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    /**
     * @param status  HTTP status
     * @param code    machine-readable error code, for example {@code missing_field}
     * @param message human-readable message: what was expected and what was found
     */
    ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
