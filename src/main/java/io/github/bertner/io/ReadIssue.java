package io.github.bertner.io;

/**
 * One thing a reader could not read as stated, and what it did about it.
 *
 * @param file the file
 * @param line 1-based line number, or -1 when not applicable
 * @param id annotation or document id, may be null
 * @param kind a short machine-friendly category, e.g. {@code offset_mismatch}, {@code form_not_found}
 * @param expected what the reader expected
 * @param found what it found
 * @param action what it did (e.g. {@code skipped annotation}, {@code skipped document})
 */
public record ReadIssue(String file, int line, String id, String kind, String expected, String found,
                        String action) {

    /**
     * One-line description for logs and reports.
     *
     * @return file:line [id] kind: expected ..., found ... -> action
     */
    public String describe() {
        return file + (line >= 0 ? ":" + line : "") + (id != null ? " [" + id + "]" : "") + " " + kind
                + ": expected '" + expected + "', found '" + found + "' -> " + action;
    }
}
