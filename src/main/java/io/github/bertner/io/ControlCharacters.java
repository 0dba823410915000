package io.github.bertner.io;

import java.util.Locale;

/**
 * Characters that XML 1.0 cannot hold (C0 controls other than TAB, LF and CR, and U+FFFE, U+FFFF): a token
 * holding one passes through tokenization unnoticed and then makes the XMI writer fail. Readers call
 * {@link #apply} on every text they decode: under {@link AlignmentPolicy#FAIL} the first such character is an
 * error naming file, line and offset; under the skip policies each is replaced by U+FFFD (one UTF-16 unit
 * for one, so no offset moves) and counted as {@value #COUNTER}.
 */
public final class ControlCharacters {

    /** Counter of replaced characters in a {@link ReadReport}. */
    public static final String COUNTER = "text.control_chars_replaced";

    private static final char REPLACEMENT = '\uFFFD';

    private ControlCharacters() {
    }

    /**
     * Whether XML 1.0 cannot hold a character.
     *
     * @param c the character
     * @return true for C0 controls other than TAB, LF, CR, and for U+FFFE and U+FFFF
     */
    public static boolean isForbidden(char c) {
        return c < 0x20 ? c != '\t' && c != '\n' && c != '\r' : c == '\uFFFE' || c == '\uFFFF';
    }

    /**
     * Checks a text and applies the policy.
     *
     * @param text   decoded text
     * @param file   file named in the error
     * @param policy {@link AlignmentPolicy#FAIL} rejects, the others replace
     * @param report receives the count of replaced characters (may be null)
     * @return the text, with forbidden characters replaced when the policy allows it
     * @throws ReaderException under {@link AlignmentPolicy#FAIL} when the text holds a forbidden character
     */
    public static String apply(String text, String file, AlignmentPolicy policy, ReadReport report) {
        return apply(text, file, 1, policy, report);
    }

    /**
     * Checks a text that starts at a given line of its file and applies the policy.
     *
     * @param text      decoded text
     * @param file      file named in the error
     * @param firstLine line of the file where {@code text} starts
     * @param policy    {@link AlignmentPolicy#FAIL} rejects, the others replace
     * @param report    receives the count of replaced characters (may be null)
     * @return the text, with forbidden characters replaced when the policy allows it
     * @throws ReaderException under {@link AlignmentPolicy#FAIL} when the text holds a forbidden character
     */
    public static String apply(String text, String file, int firstLine, AlignmentPolicy policy, ReadReport report) {
        int first = -1;
        for (int i = 0; i < text.length(); i++) {
            if (isForbidden(text.charAt(i))) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return text;
        }
        if (policy == AlignmentPolicy.FAIL) {
            int line = firstLine;
            int lineStart = 0;
            for (int i = 0; i < first; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new ReaderException(file, line, String.format(Locale.ROOT,
                    "expected text without control characters, found U+%04X at column %d (character offset %d); "
                            + "--policy skip_annotation replaces them with U+FFFD", (int) text.charAt(first),
                    first - lineStart + 1, first));
        }
        char[] chars = text.toCharArray();
        int n = 0;
        for (int i = first; i < chars.length; i++) {
            if (isForbidden(chars[i])) {
                chars[i] = REPLACEMENT;
                n++;
            }
        }
        if (report != null) {
            report.add(COUNTER, n);
        }
        return new String(chars);
    }
}
