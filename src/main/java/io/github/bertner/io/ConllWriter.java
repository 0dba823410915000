package io.github.bertner.io;

import io.github.bertner.tagging.TagCodec;
import io.github.bertner.tagging.TagScheme;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * Writes documents as CoNLL column text, deriving the tag column from the entity spans of each
 * sentence with {@link TagCodec#encode} in a chosen {@link TagScheme}. Plain Java; the uimaFIT
 * consumer is {@link ConllCasWriter}.
 *
 * <p>The {@link ColumnToken#tag() tag} of the input tokens is ignored: the entities are the truth, so
 * that converting between schemes and writing system output go through the same path.
 */
public final class ConllWriter {

    /** Column layouts. */
    public enum Style {
        /**
         * CoNLL-2003 as distributed: {@code -DOCSTART- -X- -X- O} and a blank line before every
         * document, then {@code WORD POS CHUNK NER} per token separated by single spaces and a blank
         * line after every sentence. POS is the token's POS or {@code -X-} when absent; CHUNK is
         * always {@code -X-} (the CoNLL null marker), because chunks are not stored in the CAS.
         * With IOB1 the tag column of a file read by {@link Conll2003Reader} is reproduced exactly.
         */
        CONLL2003,
        /** WNUT-17 layout: {@code TOKEN<TAB>TAG} per token, a blank line after every sentence. */
        TWO_COLUMN
    }

    private static final String NULL_COLUMN = "-X-";

    private final TagScheme scheme;
    private final Style style;

    private ConllWriter(Builder builder) {
        this.scheme = builder.scheme;
        this.style = builder.style;
    }

    /**
     * Starts a builder; defaults: {@link TagScheme#IOB2}, {@link Style#TWO_COLUMN}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The scheme of the written tag column.
     *
     * @return the scheme
     */
    public TagScheme scheme() {
        return scheme;
    }

    /**
     * The column layout.
     *
     * @return the style
     */
    public Style style() {
        return style;
    }

    /**
     * Writes one document.
     *
     * @param sentences the document's sentences; tokens give text (and POS), entities give the tags
     * @param out       where to write
     * @throws IllegalArgumentException when a token is empty or contains whitespace (it would break the
     *                                  columns), or when entities overlap
     * @throws UncheckedIOException     when {@code out} fails
     */
    public void writeDocument(List<ColumnSentence> sentences, Appendable out) {
        try {
            if (style == Style.CONLL2003) {
                out.append(Conll2003Parser.DOCSTART).append(" -X- -X- O\n\n");
            }
            for (ColumnSentence sentence : sentences) {
                List<String> tags = TagCodec.encode(sentence.entities(), sentence.tokens().size(), scheme);
                for (int i = 0; i < tags.size(); i++) {
                    ColumnToken token = sentence.tokens().get(i);
                    checkToken(token.text());
                    out.append(token.text());
                    if (style == Style.CONLL2003) {
                        String pos = token.pos() == null || token.pos().isEmpty() ? NULL_COLUMN : token.pos();
                        checkToken(pos);
                        out.append(' ').append(pos).append(' ').append(NULL_COLUMN).append(' ');
                    } else {
                        out.append('\t');
                    }
                    out.append(tags.get(i)).append('\n');
                }
                out.append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void checkToken(String text) {
        boolean broken = text.strip().isEmpty() || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0
                || text.indexOf('\t') >= 0 || (style == Style.CONLL2003 && text.indexOf(' ') >= 0);
        if (broken) {
            throw new IllegalArgumentException("expected a token that is not blank and holds no column separator "
                    + "or line break, found '" + text + "'");
        }
    }

    /** Configures a {@link ConllWriter}. */
    public static final class Builder {
        private TagScheme scheme = TagScheme.IOB2;
        private Style style = Style.TWO_COLUMN;

        private Builder() {
        }

        /**
         * Sets the tag scheme of the written column.
         *
         * @param value the scheme
         * @return this builder
         */
        public Builder optScheme(TagScheme value) {
            this.scheme = Objects.requireNonNull(value, "scheme");
            return this;
        }

        /**
         * Sets the column layout.
         *
         * @param value the style
         * @return this builder
         */
        public Builder optStyle(Style value) {
            this.style = Objects.requireNonNull(value, "style");
            return this;
        }

        /**
         * Builds the writer.
         *
         * @return the writer
         */
        public ConllWriter build() {
            return new ConllWriter(this);
        }
    }
}
