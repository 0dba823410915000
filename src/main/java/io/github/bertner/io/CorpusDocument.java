package io.github.bertner.io;

import java.util.List;

/**
 * A fully parsed document of an offset-annotated corpus: text, word tokens, sentences and gold
 * mentions, all as character offsets into {@code text}. Plain Java; the readers copy it into a CAS.
 *
 * @param id        document id (file base name, or the id line of BSNLP)
 * @param file      the main source file, for messages and {@code DocumentMetaData}
 * @param title     document title, or null when the format has none
 * @param text      the document text the offsets refer to
 * @param tokens    word tokens in text order, non-overlapping
 * @param sentences sentences in text order, each covering whole tokens
 * @param mentions  gold mentions ordered by begin, longer first
 */
public record CorpusDocument(String id, String file, String title, String text, List<TextRange> tokens,
                             List<TextRange> sentences, List<Mention> mentions) {

    /** Makes the lists immutable. */
    public CorpusDocument {
        tokens = List.copyOf(tokens);
        sentences = List.copyOf(sentences);
        mentions = List.copyOf(mentions);
    }
}
