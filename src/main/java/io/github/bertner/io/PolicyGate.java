package io.github.bertner.io;

/**
 * Applies an {@link AlignmentPolicy} to one problem found in one file: either throws a
 * {@link ReaderException} or records a {@link ReadIssue} and lets the caller skip.
 *
 * <p>For the column readers, {@link AlignmentPolicy#SKIP_ANNOTATION} skips the smallest unit that
 * stays consistent (the sentence holding a malformed line, or the tags of a sentence) and
 * {@link AlignmentPolicy#SKIP_DOCUMENT} skips the document (the CAS) holding it.
 */
final class PolicyGate {

    private final String file;
    private final AlignmentPolicy policy;
    private final ReadReport report;

    PolicyGate(String file, AlignmentPolicy policy, ReadReport report) {
        this.file = file;
        this.policy = policy;
        this.report = report;
    }

    AlignmentPolicy policy() {
        return policy;
    }

    String file() {
        return file;
    }

    /**
     * Reports a problem: throws under {@link AlignmentPolicy#FAIL}, otherwise records an issue whose
     * action is {@code annotationAction} or "document skipped".
     *
     * @param line             1-based line, or -1
     * @param id               document id, or {@code null}
     * @param kind             issue kind, e.g. {@code malformed-line}
     * @param expected         what the format requires
     * @param found            what the file holds
     * @param annotationAction what is done under {@link AlignmentPolicy#SKIP_ANNOTATION}
     */
    void reject(int line, String id, String kind, String expected, String found, String annotationAction) {
        // ReadIssue.describe() quotes the values itself
        String bare = found.length() >= 2 && found.startsWith("'") && found.endsWith("'")
                ? found.substring(1, found.length() - 1) : found;
        switch (policy) {
            case FAIL -> throw new ReaderException(file, line, "expected " + expected + ", found " + found);
            case SKIP_ANNOTATION -> report.issue(new ReadIssue(file, line, id, kind, expected, bare, annotationAction));
            case SKIP_DOCUMENT -> report.issue(new ReadIssue(file, line, id, kind, expected, bare, "document skipped"));
            default -> throw new IllegalStateException("unhandled policy " + policy);
        }
    }
}
