package io.github.bertner.eval;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings of an evaluation run; written into the JSON report.
 *
 * @param decoding how tags become entities
 * @param metrics metric groups shown in reports
 * @param bootstrapSamples bootstrap samples for the F1 interval and the paired test; 0 = no bootstrap
 * @param seed bootstrap seed
 * @param types the entity types scored; empty = every type (see {@link TypeFilter})
 * @param provenance gold source, system and date
 */
public record EvalSettings(EntityDecoding decoding, Set<Metric> metrics, int bootstrapSamples, long seed,
                           Set<String> types, Provenance provenance) {

    /**
     * Validates and copies.
     *
     * @param decoding decoding
     * @param metrics metric groups
     * @param bootstrapSamples samples (>= 0)
     * @param seed seed
     * @param types types scored, empty for all
     * @param provenance provenance
     */
    public EvalSettings {
        Objects.requireNonNull(decoding, "decoding");
        types = Collections.unmodifiableSortedSet(new TreeSet<>(types));
        Objects.requireNonNull(provenance, "provenance");
        metrics = Collections.unmodifiableSet(metrics.isEmpty() ? EnumSet.noneOf(Metric.class)
                : EnumSet.copyOf(metrics));
        if (bootstrapSamples < 0) {
            throw new IllegalArgumentException("expected bootstrap samples >= 0, found " + bootstrapSamples);
        }
    }

    /**
     * Defaults: lenient (conlleval) decoding, all metrics, no bootstrap.
     *
     * @return the default settings
     */
    public static EvalSettings defaults() {
        return builder().build();
    }

    /**
     * Starts a builder with the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link EvalSettings}. */
    public static final class Builder {
        private EntityDecoding decoding = EntityDecoding.LENIENT;
        private Set<Metric> metrics = EnumSet.allOf(Metric.class);
        private int bootstrapSamples;
        private long seed = Bootstrap.DEFAULT_SEED;
        private String goldSource = "unknown";
        private String system = "unknown";
        private String date;
        private Set<String> types = Set.of();

        private Builder() {
        }

        /**
         * Sets the entity decoding (default lenient).
         *
         * @param decoding the decoding
         * @return this
         */
        public Builder setDecoding(EntityDecoding decoding) {
            this.decoding = decoding;
            return this;
        }

        /**
         * Selects the metric groups shown in reports (default all).
         *
         * @param metrics the groups
         * @return this
         */
        public Builder optMetrics(Set<Metric> metrics) {
            this.metrics = metrics;
            return this;
        }

        /**
         * Number of bootstrap samples (default 0 = none; use at least {@link Bootstrap#DEFAULT_SAMPLES}).
         *
         * @param samples the number
         * @return this
         */
        public Builder optBootstrapSamples(int samples) {
            this.bootstrapSamples = samples;
            return this;
        }

        /**
         * Bootstrap seed (default {@link Bootstrap#DEFAULT_SEED}).
         *
         * @param seed the seed
         * @return this
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Scores only these entity types (default: all); the others' tags become O in gold and predictions.
         *
         * @param types the types, e.g. PER, LOC, ORG; empty for all
         * @return this
         */
        public Builder optTypes(Set<String> types) {
            this.types = Objects.requireNonNull(types, "types");
            return this;
        }

        /**
         * Names the gold standard for the provenance.
         *
         * @param goldSource file, directory or view
         * @return this
         */
        public Builder optGoldSource(String goldSource) {
            this.goldSource = goldSource;
            return this;
        }

        /**
         * Names the evaluated system for the provenance.
         *
         * @param system file, directory or model
         * @return this
         */
        public Builder optSystem(String system) {
            this.system = system;
            return this;
        }

        /**
         * Fixes the date of the provenance (default: now, UTC, ISO-8601); tests use it for stable reports.
         *
         * @param date the date text
         * @return this
         */
        public Builder optDate(String date) {
            this.date = date;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         */
        public EvalSettings build() {
            String d = date != null ? date
                    : OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
            return new EvalSettings(decoding, metrics, bootstrapSamples, seed, types,
                    new Provenance(goldSource, system, d));
        }
    }
}
