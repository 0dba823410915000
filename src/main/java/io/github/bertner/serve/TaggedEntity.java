package io.github.bertner.serve;

/**
 * One entity found in a text.
 *
 * @param begin      first code point
 * @param end        code point after the last
 * @param beginUtf16 first UTF-16 unit
 * @param endUtf16   UTF-16 unit after the last
 * @param text       covered text
 * @param type       entity type
 * @param confidence the model's mean probability of the entity's tags, in [0, 1]
 * @param sentence   index of the sentence holding it
 */
public record TaggedEntity(int begin, int end, int beginUtf16, int endUtf16, String text, String type,
                           double confidence, int sentence) {
}
