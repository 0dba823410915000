package io.github.bertner.spark;

/**
 * One entity found in a document.
 *
 * @param begin      first character in the document text (UTF-16 index, inclusive)
 * @param end        last character (exclusive)
 * @param type       entity type, for example {@code PER}
 * @param text       the covered text
 * @param confidence mean probability of the entity's word tags, in [0, 1]
 */
public record TaggedEntity(int begin, int end, String type, String text, double confidence) {
}
