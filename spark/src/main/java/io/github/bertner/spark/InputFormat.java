package io.github.bertner.spark;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the job reads its documents. */
public enum InputFormat {
    /** UTF-8 text files, one document per file; the document id is the file name. */
    TEXT,
    /** JSON lines, one object {@code {"id", "text", "lang"?}} per document. */
    JSONL,
    /** Parquet with string columns {@code id}, {@code text} and optionally {@code lang}. */
    PARQUET;

    /**
     * @param value a format name, any case
     * @return the format
     * @throws IllegalArgumentException for an unknown name
     */
    public static InputFormat parse(String value) {
        for (InputFormat f : values()) {
            if (f.name().equalsIgnoreCase(value.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("input format: expected one of " + Arrays.stream(values())
                .map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ", found '" + value + "'");
    }
}
