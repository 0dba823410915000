package io.github.bertner.experiment;

import io.github.bertner.io.AlignmentPolicy;
import io.github.bertner.io.CorpusFormat;
import io.github.bertner.io.CorpusReaders;
import io.github.bertner.io.FactRuEvalExtent;
import io.github.bertner.io.MentionFilter;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A corpus named in a spec, in the syntax of {@code bertner train}'s corpus arguments:
 * {@code [format[+mapping]:]path}, for example {@code factrueval+factrueval-ru:../shared/data/factrueval/test}.
 * Format and mapping default to the spec's {@code format} and {@code mapping}.
 *
 * @param format   corpus format
 * @param mapping  label mapping name or file, null for the reader's default
 * @param language document language for the reader (for BSNLP also the language folder read), null for the
 *                 spec's {@code language}
 * @param path     file or folder, relative to the working directory unless absolute
 * @param extent   factRuEval only: which text of an object becomes the entity, null for the reader's default
 *                 ({@link FactRuEvalExtent#OBJECT})
 * @param mentions which mapped mentions an offset-format reader keeps, null for all ({@link MentionFilter#ALL})
 */
public record CorpusRef(CorpusFormat format, String mapping, String language, Path path, FactRuEvalExtent extent,
                        MentionFilter mentions) {

    /** Checks the required parts. */
    public CorpusRef {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(path, "path");
        if (extent != null && format != CorpusFormat.FACTRUEVAL) {
            throw new IllegalArgumentException(path + ": extent applies to factrueval corpora only, found format "
                    + format.cliName());
        }
        if (mentions != null && CorpusReaders.isColumnFormat(format)) {
            throw new IllegalArgumentException(path + ": mentions applies to factrueval, bsnlp and brat corpora, "
                    + "found format " + format.cliName());
        }
    }

    /**
     * A reference with the reader's default extent.
     *
     * @param format   corpus format
     * @param mapping  label mapping name or file, null for the reader's default
     * @param language document language, null for the spec's
     * @param path     file or folder
     */
    public CorpusRef(CorpusFormat format, String mapping, String language, Path path) {
        this(format, mapping, language, path, null, null);
    }

    /**
     * Parses a corpus argument.
     *
     * @param arg            the argument
     * @param defaultFormat  format when the argument names none (may be null)
     * @param defaultMapping mapping when the argument names none (may be null)
     * @return the reference
     * @throws IllegalArgumentException when no format is known or the format is unknown
     */
    public static CorpusRef parse(String arg, CorpusFormat defaultFormat, String defaultMapping) {
        return parse(arg, defaultFormat, defaultMapping, "set \"format\"");
    }

    /**
     * Parses a corpus argument, with the caller's way of naming a default format in the message when there is
     * none (a spec's {@code "format"}, a command's {@code --format}).
     *
     * @param arg            the argument
     * @param defaultFormat  format when the argument names none (may be null)
     * @param defaultMapping mapping when the argument names none (may be null)
     * @param formatHint     how to give a format, e.g. {@code "use --format"}
     * @return the reference
     * @throws IllegalArgumentException when no format is known or the format is unknown
     */
    public static CorpusRef parse(String arg, CorpusFormat defaultFormat, String defaultMapping, String formatHint) {
        int colon = arg.indexOf(':');
        String prefix = colon > 0 ? arg.substring(0, colon) : "";
        CorpusFormat format = defaultFormat;
        String mapping = defaultMapping;
        String path = arg;
        // a prefix with a path separator is part of the path (and Windows drive letters are not formats)
        if (colon > 0 && !prefix.contains("/") && !prefix.contains("\\")) {
            String f = prefix;
            int plus = prefix.indexOf('+');
            if (plus > 0) {
                f = prefix.substring(0, plus);
                mapping = prefix.substring(plus + 1);
            }
            format = CorpusFormat.parse(f);
            path = arg.substring(colon + 1);
        }
        if (format == null) {
            throw new IllegalArgumentException(arg + ": no corpus format; " + formatHint + " or write format:path");
        }
        return new CorpusRef(format, mapping, null, Path.of(path));
    }

    /**
     * The same corpus read in another language.
     *
     * @param lang the language, null for the spec's
     * @return a new reference
     */
    public CorpusRef withLanguage(String lang) {
        return new CorpusRef(format, mapping, lang, path, extent, mentions);
    }

    /**
     * The same corpus with another factRuEval extent.
     *
     * @param value the extent, null for the reader's default
     * @return a new reference
     * @throws IllegalArgumentException when the corpus is not factRuEval and the value is not null
     */
    public CorpusRef withExtent(FactRuEvalExtent value) {
        return new CorpusRef(format, mapping, language, path, value, mentions);
    }

    /**
     * The options its reader takes: this reference's language (else the given one), mapping, extent and mention
     * filter, and the policy for bad input.
     *
     * @param defaultLanguage the language when the reference names none, may be null (the reader's)
     * @param policy          what to do with annotations that do not match the text
     * @return reader options for {@link CorpusReaders#create}
     */
    public CorpusReaders.Options readerOptions(String defaultLanguage, AlignmentPolicy policy) {
        return CorpusReaders.Options.builder().optLanguage(language != null ? language : defaultLanguage)
                .optPolicy(policy).optLabelMapping(mapping).optExtent(extent).optMentionFilter(mentions).build();
    }

    /**
     * The same corpus with another mention filter.
     *
     * @param value the filter, null for all mentions
     * @return a new reference
     * @throws IllegalArgumentException when the corpus is in a column format and the value is not null
     */
    public CorpusRef withMentions(MentionFilter value) {
        return new CorpusRef(format, mapping, language, path, extent, value);
    }

    /**
     * The reference in argument syntax with format and mapping spelt out.
     *
     * @return for example {@code conll2003+conll2003-en:eng.train}, {@code bsnlp:brexit (language bg)} or
     *         {@code factrueval:testset (extent names)} or {@code brat:train (mentions capitalized)}
     */
    @Override
    public String toString() {
        return format.name().toLowerCase(Locale.ROOT) + (mapping == null ? "" : "+" + mapping) + ":" + path
                + (language == null ? "" : " (language " + language + ")")
                + (extent == null ? "" : " (extent " + extent.name().toLowerCase(Locale.ROOT) + ")")
                + (mentions == null ? "" : " (mentions " + mentions.cliName() + ")");
    }
}
