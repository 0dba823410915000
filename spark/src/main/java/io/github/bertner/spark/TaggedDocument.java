package io.github.bertner.spark;

import java.util.List;

/**
 * The result of tagging one document text.
 *
 * @param tokens    tokens the text was split into
 * @param sentences sentences the text was split into
 * @param entities  entities in text order
 */
public record TaggedDocument(int tokens, int sentences, List<TaggedEntity> entities) {

    /** Makes the list immutable. */
    public TaggedDocument {
        entities = List.copyOf(entities);
    }
}
