package io.github.bertner.io;

/**
 * Converts offsets counted in Unicode code points, as brat and factRuEval write them, into the UTF-16
 * indices of Java strings and CAS annotations. They differ after every character outside the Basic
 * Multilingual Plane (an emoji is one code point but two UTF-16 units).
 */
final class CodePointOffsets {

    private final int[] utf16;
    private final int length;

    /**
     * Indexes a text.
     *
     * @param text the document text
     */
    CodePointOffsets(String text) {
        length = text.codePointCount(0, text.length());
        if (length == text.length()) {
            utf16 = null;
        } else {
            utf16 = new int[length + 1];
            int cp = 0;
            for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
                utf16[cp++] = i;
            }
            utf16[length] = text.length();
        }
    }

    /**
     * The text's length in code points.
     *
     * @return number of code points
     */
    int length() {
        return length;
    }

    /**
     * The UTF-16 index of a code-point offset.
     *
     * @param codePoints offset in code points, 0 to {@link #length()}
     * @return the UTF-16 index
     */
    int toUtf16(int codePoints) {
        return utf16 == null ? codePoints : utf16[codePoints];
    }
}
