package io.github.bertner.io;

import io.github.bertner.tagging.DecodeMode;
import io.github.bertner.tagging.TagScheme;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.component.JCasCollectionReader_ImplBase;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.resource.ResourceInitializationException;

/**
 * Builds the reader of a {@link CorpusFormat} from one set of options, so that the CLI, the trainer
 * and tests configure readers the same way.
 */
public final class CorpusReaders {

    private CorpusReaders() {
    }

    /**
     * The reader class of a format.
     *
     * @param format the format
     * @return the uimaFIT reader class (always a {@link ReportingReader})
     */
    public static Class<? extends JCasCollectionReader_ImplBase> readerClass(CorpusFormat format) {
        return switch (format) {
            case CONLL2003 -> Conll2003Reader.class;
            case WNUT17 -> Wnut17Reader.class;
            case FACTRUEVAL -> FactRuEvalReader.class;
            case BSNLP -> BsnlpReader.class;
            case BRAT -> BratReader.class;
        };
    }

    /**
     * Whether a format is a column format (tag column, scheme and encoding options apply).
     *
     * @param format the format
     * @return true for CoNLL-2003 and WNUT-17
     */
    public static boolean isColumnFormat(CorpusFormat format) {
        return format == CorpusFormat.CONLL2003 || format == CorpusFormat.WNUT17;
    }

    /**
     * Creates the description of a reader for a corpus location.
     *
     * @param format  the corpus format
     * @param source  a corpus file or folder
     * @param options reader options; unset ones keep the reader's defaults
     * @return the reader description
     * @throws IllegalArgumentException when an option does not apply to the format (so that it is never
     *                                  silently ignored)
     * @throws ResourceInitializationException when the description cannot be built
     */
    public static CollectionReaderDescription create(CorpusFormat format, Path source, Options options)
            throws ResourceInitializationException {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(source, "source");
        List<Object> params = new ArrayList<>(List.of(ColumnCorpusReader.PARAM_SOURCE_LOCATION, source.toString()));
        add(params, ColumnCorpusReader.PARAM_LANGUAGE, options.language());
        add(params, ColumnCorpusReader.PARAM_ALIGNMENT_POLICY, options.policy());
        add(params, ColumnCorpusReader.PARAM_LABEL_MAPPING, options.labelMapping());
        if (!options.patterns().isEmpty()) {
            params.add(ColumnCorpusReader.PARAM_PATTERNS);
            params.add(options.patterns().toArray(String[]::new));
        }
        if (isColumnFormat(format)) {
            add(params, ColumnCorpusReader.PARAM_TAG_SCHEME, options.tagScheme() == null ? null : options.tagScheme().name());
            add(params, ColumnCorpusReader.PARAM_DECODE_MODE, options.decodeMode());
            add(params, ColumnCorpusReader.PARAM_SOURCE_ENCODING, options.encoding());
        } else {
            reject(format, "tag scheme", options.tagScheme());
            reject(format, "decode mode", options.decodeMode());
            reject(format, "source encoding", options.encoding());
        }
        if (format == CorpusFormat.WNUT17) {
            add(params, Wnut17Reader.PARAM_SENTENCES_PER_CAS, options.sentencesPerCas());
        } else {
            reject(format, "sentences per CAS", options.sentencesPerCas());
        }
        if (isColumnFormat(format)) {
            reject(format, "mention filter", options.mentionFilter());
        } else {
            add(params, OffsetCorpusReader.PARAM_MENTION_FILTER,
                    options.mentionFilter() == null ? null : options.mentionFilter().name());
        }
        if (format == CorpusFormat.FACTRUEVAL) {
            add(params, FactRuEvalReader.PARAM_EXTENT, options.extent() == null ? null : options.extent().name());
        } else {
            reject(format, "extent", options.extent());
        }
        return CollectionReaderFactory.createReaderDescription(readerClass(format), params.toArray());
    }

    private static void add(List<Object> params, String name, Object value) {
        if (value != null) {
            params.add(name);
            params.add(value);
        }
    }

    private static void reject(CorpusFormat format, String option, Object value) {
        if (value != null) {
            throw new IllegalArgumentException("option " + option + " does not apply to format " + format.cliName()
                    + ", found " + value);
        }
    }

    /**
     * Reader options; {@code null} (or an empty pattern list) keeps the reader's default.
     *
     * @param language        document language
     * @param policy          alignment policy
     * @param labelMapping    label mapping name or file
     * @param patterns        file include/exclude patterns
     * @param tagScheme       tag scheme of a column format's tag column
     * @param decodeMode      strict or lenient tag decoding (column formats)
     * @param encoding        file encoding (column formats)
     * @param sentencesPerCas WNUT-17 sentences per CAS
     * @param extent          which text of a factRuEval object becomes the entity
     * @param mentionFilter   which mapped mentions an offset-format reader keeps
     */
    public record Options(String language, AlignmentPolicy policy, String labelMapping, List<String> patterns,
                          TagScheme tagScheme, DecodeMode decodeMode, String encoding, Integer sentencesPerCas,
                          FactRuEvalExtent extent, MentionFilter mentionFilter) {

        /** Copies the pattern list. */
        public Options {
            patterns = patterns == null ? List.of() : List.copyOf(patterns);
        }

        /**
         * Options that keep every reader default.
         *
         * @return default options
         */
        public static Options defaults() {
            return builder().build();
        }

        /**
         * Starts a builder.
         *
         * @return a new builder
         */
        public static Builder builder() {
            return new Builder();
        }
    }

    /** Builds {@link Options}. */
    public static final class Builder {
        private String language;
        private AlignmentPolicy policy;
        private String labelMapping;
        private List<String> patterns = List.of();
        private TagScheme tagScheme;
        private DecodeMode decodeMode;
        private String encoding;
        private Integer sentencesPerCas;
        private FactRuEvalExtent extent;
        private MentionFilter mentionFilter;

        private Builder() {
        }

        /**
         * Sets the document language.
         *
         * @param value ISO code, or null for the reader default
         * @return this builder
         */
        public Builder optLanguage(String value) {
            language = value;
            return this;
        }

        /**
         * Sets the alignment policy.
         *
         * @param value the policy, or null for the reader default (FAIL)
         * @return this builder
         */
        public Builder optPolicy(AlignmentPolicy value) {
            policy = value;
            return this;
        }

        /**
         * Sets the label mapping.
         *
         * @param value built-in name or file path, or null for the reader default
         * @return this builder
         */
        public Builder optLabelMapping(String value) {
            labelMapping = value;
            return this;
        }

        /**
         * Sets the file patterns.
         *
         * @param value include/exclude globs; empty for the reader default
         * @return this builder
         */
        public Builder optPatterns(List<String> value) {
            patterns = value == null ? List.of() : value;
            return this;
        }

        /**
         * Sets the tag scheme of a column format.
         *
         * @param value the scheme, or null for the format's own
         * @return this builder
         */
        public Builder optTagScheme(TagScheme value) {
            tagScheme = value;
            return this;
        }

        /**
         * Sets the decode mode of a column format.
         *
         * @param value the mode, or null for STRICT
         * @return this builder
         */
        public Builder optDecodeMode(DecodeMode value) {
            decodeMode = value;
            return this;
        }

        /**
         * Sets the encoding of a column format's files.
         *
         * @param value charset name, or null for UTF-8
         * @return this builder
         */
        public Builder optEncoding(String value) {
            encoding = value;
            return this;
        }

        /**
         * Sets how many WNUT-17 sentences go into one CAS.
         *
         * @param value at least 1, or null for 1
         * @return this builder
         */
        public Builder optSentencesPerCas(Integer value) {
            sentencesPerCas = value;
            return this;
        }

        /**
         * Sets which text of a factRuEval object becomes the entity.
         *
         * @param value the extent, or null for {@link FactRuEvalExtent#OBJECT}
         * @return this builder
         */
        public Builder optExtent(FactRuEvalExtent value) {
            extent = value;
            return this;
        }

        /**
         * Sets which mapped mentions an offset-format reader (factRuEval, BSNLP, brat) keeps.
         *
         * @param value the filter, or null for {@link MentionFilter#ALL}
         * @return this builder
         */
        public Builder optMentionFilter(MentionFilter value) {
            mentionFilter = value;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public Options build() {
            return new Options(language, policy, labelMapping, patterns, tagScheme, decodeMode, encoding,
                    sentencesPerCas, extent, mentionFilter);
        }
    }
}
