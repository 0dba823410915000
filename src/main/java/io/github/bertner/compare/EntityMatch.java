package io.github.bertner.compare;

/**
 * A source entity and its counterpart in the translation.
 *
 * @param source     index of the source entity
 * @param target     index of the translation entity
 * @param similarity name similarity in [0, 1] ({@link NameSimilarity})
 * @param basis      why they were matched
 */
public record EntityMatch(int source, int target, double similarity, MatchBasis basis) {
}
