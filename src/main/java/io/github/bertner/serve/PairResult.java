package io.github.bertner.serve;

import io.github.bertner.compare.PairComparison;

/**
 * A tagged sentence pair with its cross-lingual comparison: what {@code POST /api/compare} answers.
 *
 * @param source     the tagged source text
 * @param target     the tagged translation
 * @param comparison matches (entity indices into the two entity lists), flags and summary
 */
public record PairResult(TaggedText source, TaggedText target, PairComparison comparison) {
}
