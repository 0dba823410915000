package io.github.bertner.spark;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the job writes its entity and error rows. */
public enum OutputFormat {
    /** JSON lines (Spark's {@code json} writer: one object per line, part files in a folder). */
    JSONL("json"),
    /** Parquet part files in a folder. */
    PARQUET("parquet");

    private final String sparkSource;

    OutputFormat(String sparkSource) {
        this.sparkSource = sparkSource;
    }

    /** @return the name of Spark's data source for this format */
    public String sparkSource() {
        return sparkSource;
    }

    /**
     * @param value a format name, any case
     * @return the format
     * @throws IllegalArgumentException for an unknown name
     */
    public static OutputFormat parse(String value) {
        for (OutputFormat f : values()) {
            if (f.name().equalsIgnoreCase(value.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("output format: expected one of " + Arrays.stream(values())
                .map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ", found '" + value + "'");
    }
}
