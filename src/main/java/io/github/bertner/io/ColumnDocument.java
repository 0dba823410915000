package io.github.bertner.io;

import java.util.List;

/**
 * One document read from a column corpus file: what becomes one CAS.
 *
 * @param file      file name (without directories) the document came from
 * @param index     1-based number of the document within its file
 * @param line      1-based line where the document starts (its {@code -DOCSTART-} line or first token)
 * @param sentences the sentences in file order
 */
public record ColumnDocument(String file, int index, int line, List<ColumnSentence> sentences) {

    /** Copies the sentence list so the record stays immutable. */
    public ColumnDocument {
        sentences = List.copyOf(sentences);
    }

    /**
     * Returns the document id used in DocumentMetaData: file name, {@code #}, document number.
     *
     * @return for example {@code eng.testb#3}
     */
    public String id() {
        return file + "#" + index;
    }

    /**
     * Returns this document with other sentences (used after tag decoding).
     *
     * @param newSentences replacement sentences
     * @return a copy carrying {@code newSentences}
     */
    public ColumnDocument withSentences(List<ColumnSentence> newSentences) {
        return new ColumnDocument(file, index, line, newSentences);
    }
}
