package io.github.bertner.serve;

/**
 * A half-open range of a text, in code points (what most languages index strings by) and in UTF-16
 * units (what JavaScript and Java index by); they differ after a character outside the BMP.
 *
 * @param begin      first code point
 * @param end        code point after the last
 * @param beginUtf16 first UTF-16 unit
 * @param endUtf16   UTF-16 unit after the last
 */
public record TextSpan(int begin, int end, int beginUtf16, int endUtf16) {
}
