package io.github.bertner.cli;

import io.github.bertner.io.AlignmentPolicy;
import io.github.bertner.io.CorpusFormat;
import io.github.bertner.io.CorpusReaders;
import io.github.bertner.io.FactRuEvalExtent;
import io.github.bertner.io.MentionFilter;
import io.github.bertner.tagging.DecodeMode;
import io.github.bertner.tagging.TagScheme;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * Corpus reader options shared by the {@code corpus} sub-commands (a picocli mixin); turned into
 * {@link CorpusReaders.Options} so every command builds readers the same way.
 */
public final class ReaderOptions {

    @Option(names = "--format", required = true, converter = FormatConverter.class,
            description = "Corpus format: conll2003, wnut17, factrueval, bsnlp, brat.")
    CorpusFormat format;

    @Option(names = "--lang", description = "Document language (default: en for conll2003/wnut17, ru otherwise).")
    String language;

    @Option(names = "--policy", converter = PolicyConverter.class,
            description = "What to do with bad input: FAIL, SKIP_ANNOTATION, SKIP_DOCUMENT (default: FAIL).")
    AlignmentPolicy policy;

    @Option(names = "--mapping", description = "Label mapping: built-in name (conll2003-en, wnut17-en, "
            + "factrueval-ru, bsnlp-ru, identity) or a mapping file.")
    String labelMapping;

    @Option(names = "--pattern", description = "File include ([+]glob) / exclude ([-]glob) pattern; repeatable.")
    List<String> patterns = new ArrayList<>();

    @Option(names = "--input-scheme", converter = SchemeConverter.class,
            description = "Tag scheme of the input tag column (column formats; default: IOB1 for conll2003, IOB2 for wnut17).")
    TagScheme inputScheme;

    @Option(names = "--strict", description = "Treat tag sequences that break the input scheme as errors handled by "
            + "--policy (column formats). Default: repair them with conlleval semantics, logged and counted.")
    boolean strict;

    @Option(names = "--encoding", description = "File encoding of column formats (default: UTF-8).")
    String encoding;

    @Option(names = "--sentences-per-cas", description = "WNUT-17 sentences (posts) per CAS (default: 1).")
    Integer sentencesPerCas;

    @Option(names = "--extent", converter = ExtentConverter.class, description = "factrueval: which text of an object "
            + "is the entity: object (first to last span, descriptors included; default) or names (name spans only, "
            + "as the natasha/naeval benchmark reads the corpus).")
    FactRuEvalExtent extent;

    @Option(names = "--mentions", converter = MentionFilterConverter.class, description = "factrueval, bsnlp, "
            + "brat: all (default) or capitalized (names only: mentions whose first letter is lower case, such as "
            + "NEREL's adjectives 'российских', are left out and counted).")
    MentionFilter mentions;

    /**
     * The reader options these command-line options describe.
     *
     * @return reader options
     */
    CorpusReaders.Options toOptions() {
        if (encoding != null) {
            try {
                java.nio.charset.Charset.forName(encoding);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--encoding: expected a charset Java knows (UTF-8, ISO-8859-1, windows-1251, "
                        + "...), found '" + encoding + "'");
            }
        }
        return CorpusReaders.Options.builder()
                .optLanguage(language)
                .optPolicy(policy)
                .optLabelMapping(labelMapping)
                .optPatterns(patterns)
                .optTagScheme(inputScheme)
                .optDecodeMode(strict ? DecodeMode.STRICT : null)
                .optEncoding(encoding)
                .optSentencesPerCas(sentencesPerCas)
                .optExtent(extent)
                .optMentionFilter(mentions)
                .build();
    }

    /** Parses a corpus format name case-insensitively. */
    static final class FormatConverter implements ITypeConverter<CorpusFormat> {
        @Override
        public CorpusFormat convert(String value) {
            try {
                return CorpusFormat.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Parses a tag scheme name case-insensitively, with aliases (BIO, BILOU). */
    static final class SchemeConverter implements ITypeConverter<TagScheme> {
        @Override
        public TagScheme convert(String value) {
            try {
                return TagScheme.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Parses a factRuEval extent name case-insensitively. */
    static final class ExtentConverter implements ITypeConverter<FactRuEvalExtent> {
        @Override
        public FactRuEvalExtent convert(String value) {
            return enumValue(FactRuEvalExtent.class, value);
        }
    }

    /** Parses a mention filter name case-insensitively. */
    static final class MentionFilterConverter implements ITypeConverter<MentionFilter> {
        @Override
        public MentionFilter convert(String value) {
            return enumValue(MentionFilter.class, value);
        }
    }

    /** Parses an alignment policy name case-insensitively. */
    static final class PolicyConverter implements ITypeConverter<AlignmentPolicy> {
        @Override
        public AlignmentPolicy convert(String value) {
            return enumValue(AlignmentPolicy.class, value);
        }
    }

    /**
     * Parses an enum constant case-insensitively, {@code -} standing for {@code _}.
     *
     * @param type  the enum
     * @param value the option value
     * @param <E>   the enum type
     * @return the constant
     * @throws CommandLine.TypeConversionException naming the constants and the value
     */
    static <E extends Enum<E>> E enumValue(Class<E> type, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.trim().replace('-', '_'))) {
                return e;
            }
        }
        throw new CommandLine.TypeConversionException("expected one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ", found '"
                + value + "'");
    }
}
