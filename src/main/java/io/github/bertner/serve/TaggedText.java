package io.github.bertner.serve;

import java.util.List;

/**
 * A tagged text: what {@code POST /api/tag} answers.
 *
 * @param lang      language of the model used
 * @param model     identifier of the model used
 * @param text      the text
 * @param sentences sentence ranges
 * @param tokens    token ranges
 * @param entities  entities in text order
 */
public record TaggedText(String lang, String model, String text, List<TextSpan> sentences, List<TextSpan> tokens,
                         List<TaggedEntity> entities) {

    /** Makes the lists immutable. */
    public TaggedText {
        sentences = List.copyOf(sentences);
        tokens = List.copyOf(tokens);
        entities = List.copyOf(entities);
    }
}
