package io.github.bertner.inference;

/**
 * One predicted entity of a sentence.
 *
 * @param start      index of the first word
 * @param end        index after the last word (exclusive)
 * @param type       entity type, for example {@code PER}
 * @param confidence mean probability the model gave the decoded tags of the entity's words, in [0, 1]
 */
public record EntityPrediction(int start, int end, String type, double confidence) {

    /** Validates the word range and the confidence. */
    public EntityPrediction {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("expected 0 <= start < end, found [" + start + ", " + end + ")");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("expected confidence in [0, 1], found " + confidence);
        }
    }
}
