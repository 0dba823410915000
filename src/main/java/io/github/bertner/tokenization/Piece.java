package io.github.bertner.tokenization;

/**
 * One WordPiece of a word, with its position in the document.
 *
 * @param text         the vocabulary token, with "##" for a piece inside a basic token
 *                     (e.g. {@code "##ing"}), or {@code "[UNK]"}
 * @param id           the vocabulary id
 * @param begin        absolute document char offset where the piece's source text starts
 * @param end          absolute document char offset where it ends (exclusive); pieces of
 *                     lower-cased or accent-stripped text still point into the original text
 * @param wordIndex    index of the word (CAS token) the piece belongs to
 * @param continuation false for the first piece of a word, true for every later piece; a word
 *                     split on punctuation ("U.S.") has one first piece and continuations that do
 *                     not carry the "##" prefix
 */
public record Piece(String text, int id, int begin, int end, int wordIndex, boolean continuation) {
}
