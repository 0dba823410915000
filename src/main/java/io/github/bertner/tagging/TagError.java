package io.github.bertner.tagging;

/**
 * A violation of a tag scheme's rules found while decoding.
 *
 * @param position token index of the offending tag
 * @param tag the tag found there
 * @param message what was expected instead
 */
public record TagError(int position, String tag, String message) {
}
