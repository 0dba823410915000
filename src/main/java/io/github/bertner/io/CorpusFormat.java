package io.github.bertner.io;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The corpus formats bertner reads; the CLI names are the lower-case enum names. */
public enum CorpusFormat {
    /** CoNLL-2003: WORD POS CHUNK NER, IOB1, -DOCSTART- document boundaries. */
    CONLL2003,
    /** WNUT-17: TOKEN TAB TAG, IOB2. */
    WNUT17,
    /** factRuEval-2016: .txt + .tokens + .spans + .objects. */
    FACTRUEVAL,
    /** BSNLP-2019: raw .txt with headers + .out surface forms without offsets. */
    BSNLP,
    /** brat standoff (.txt + .ann), e.g. RuREBus and NEREL. */
    BRAT;

    /**
     * The CLI name.
     *
     * @return lower-case name
     */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a CLI name case-insensitively.
     *
     * @param name format name
     * @return the format
     * @throws IllegalArgumentException listing the valid names
     */
    public static CorpusFormat parse(String name) {
        for (CorpusFormat f : values()) {
            if (f.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown corpus format '" + name + "', expected one of "
                + Arrays.stream(values()).map(CorpusFormat::cliName).collect(Collectors.joining(", ")));
    }
}
