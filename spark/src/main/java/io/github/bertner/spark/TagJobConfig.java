package io.github.bertner.spark;

import io.github.bertner.tagging.Decoding;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What one run of {@link SparkTagJob} reads, how it tags and where it writes.
 *
 * @param inputs         files or folders (any Hadoop file system URI or local path)
 * @param inputFormat    how the inputs are read
 * @param output         folder that receives {@code entities/}, {@code errors/} and {@code summary.json}
 * @param outputFormat   format of {@code entities/} and {@code errors/}
 * @param tagger         model and predictor options
 * @param threadsPerTask documents tagged concurrently inside one Spark task
 * @param partitions     Spark partitions to tag in; 0 keeps the input's partitions but uses at least the
 *                       default parallelism, so that a single input file still uses every core
 * @param overwrite      replace existing outputs instead of failing
 */
public record TagJobConfig(List<String> inputs, InputFormat inputFormat, String output, OutputFormat outputFormat,
                           TaggerSettings tagger, int threadsPerTask, int partitions, boolean overwrite)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Checks the values. */
    public TagJobConfig {
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("expected at least one input, found none");
        }
        Objects.requireNonNull(inputFormat, "inputFormat");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(outputFormat, "outputFormat");
        Objects.requireNonNull(tagger, "tagger");
        if (threadsPerTask < 1) {
            throw new IllegalArgumentException("expected at least 1 thread per task, found " + threadsPerTask);
        }
        if (partitions < 0) {
            throw new IllegalArgumentException("expected a partition count of at least 0, found " + partitions);
        }
    }

    /**
     * @param modelLocation model folder: a path every executor can read, or the name of a folder shipped
     *                      with {@code --archives}
     * @return a builder with the defaults (JSONL in and out, 1 thread per task, CPU, batch 32, Viterbi)
     */
    public static Builder builder(String modelLocation) {
        return new Builder(modelLocation);
    }

    /** Builds a {@link TagJobConfig}; inputs and output are required. */
    public static final class Builder {
        private final String modelLocation;
        private List<String> inputs = List.of();
        private InputFormat inputFormat = InputFormat.JSONL;
        private String output;
        private OutputFormat outputFormat = OutputFormat.JSONL;
        private String device = "cpu";
        private int batchSize = 32;
        private Decoding decoding = Decoding.VITERBI;
        private int threadsPerTask = 1;
        private int partitions;
        private boolean overwrite;

        private Builder(String modelLocation) {
            this.modelLocation = Objects.requireNonNull(modelLocation, "modelLocation");
        }

        /**
         * @param format how the inputs are read
         * @param paths  files or folders
         * @return this builder
         */
        public Builder setInputs(InputFormat format, List<String> paths) {
            this.inputFormat = format;
            this.inputs = paths;
            return this;
        }

        /**
         * @param format format of the entity and error rows
         * @param folder output folder
         * @return this builder
         */
        public Builder setOutput(OutputFormat format, String folder) {
            this.outputFormat = format;
            this.output = folder;
            return this;
        }

        /**
         * @param device {@code auto}, {@code cpu} (default) or {@code gpu:N}
         * @return this builder
         */
        public Builder optDevice(String device) {
            this.device = device;
            return this;
        }

        /**
         * @param batchSize word-piece windows per model call (default 32)
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param decoding Viterbi (default) or argmax
         * @return this builder
         */
        public Builder optDecoding(Decoding decoding) {
            this.decoding = decoding;
            return this;
        }

        /**
         * @param threads documents tagged concurrently inside one task (default 1)
         * @return this builder
         */
        public Builder optThreadsPerTask(int threads) {
            this.threadsPerTask = threads;
            return this;
        }

        /**
         * @param partitions partitions to tag in; 0 (default) keeps the input's, at least the default parallelism
         * @return this builder
         */
        public Builder optPartitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /**
         * @param overwrite replace existing outputs (default: fail when they exist)
         * @return this builder
         */
        public Builder optOverwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /** @return the configuration */
        public TagJobConfig build() {
            return new TagJobConfig(inputs, inputFormat, output, outputFormat,
                    new TaggerSettings(modelLocation, device, batchSize, decoding), threadsPerTask, partitions,
                    overwrite);
        }
    }
}
