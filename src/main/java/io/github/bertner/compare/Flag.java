package io.github.bertner.compare;

/**
 * One finding about a sentence pair.
 *
 * @param kind        what is reported
 * @param source      index of the source entity concerned, or -1 (added, count differs)
 * @param target      index of the translation entity concerned, or -1 (missing, count differs)
 * @param type        the entity type concerned (for a type change: the source's type)
 * @param sourceCount entities of {@code type} in the source ({@link FlagKind#COUNT_DIFFERS}; else 0)
 * @param targetCount entities of {@code type} in the translation ({@link FlagKind#COUNT_DIFFERS}; else 0)
 * @param message     one human-readable sentence
 */
public record Flag(FlagKind kind, int source, int target, String type, int sourceCount, int targetCount,
                   String message) {
}
