package io.github.bertner.training;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Hyper-parameters and bookkeeping settings of one training run (fine-tuning or MLM pretraining).
 *
 * @param outputDir          folder receiving the best model, the per-epoch evaluation reports and the
 *                           resumable checkpoint ({@value TrainingLoop#CHECKPOINT_DIR}/)
 * @param epochs             maximum number of passes over the training data
 * @param maxSteps           cap on optimizer updates (0 = no cap beyond the epochs)
 * @param learningRate       peak learning rate
 * @param warmupRatio        share of the updates spent on linear warm-up
 * @param weightDecay        decoupled weight decay (not applied to bias and LayerNorm)
 * @param maxGradNorm        global gradient-norm clipping threshold (0 = off)
 * @param seed               seed from which every random draw is derived
 * @param patience           epochs without dev improvement before stopping (0 = never stop early)
 * @param checkpointEvery    also write the resumable checkpoint every this many updates (0 = only at
 *                           epoch ends)
 * @param resume             continue from the checkpoint in {@code outputDir} when there is one
 */
public record TrainingConfig(Path outputDir, int epochs, long maxSteps, double learningRate, double warmupRatio,
                             double weightDecay, double maxGradNorm, long seed, int patience, long checkpointEvery,
                             boolean resume) {

    /** Validates the values. */
    public TrainingConfig {
        Objects.requireNonNull(outputDir, "outputDir");
        if (epochs <= 0) {
            throw new IllegalArgumentException("expected a positive number of epochs, found " + epochs);
        }
        if (maxSteps < 0 || checkpointEvery < 0 || patience < 0) {
            throw new IllegalArgumentException("max steps, checkpoint interval and patience must be >= 0");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("expected a positive learning rate, found " + learningRate);
        }
        if (warmupRatio < 0 || warmupRatio > 1) {
            throw new IllegalArgumentException("expected a warm-up ratio in [0, 1], found " + warmupRatio);
        }
    }

    /**
     * The same settings writing to another folder (a stage of a multi-stage run).
     *
     * @param dir the output folder
     * @return a copy with {@code outputDir = dir}
     */
    public TrainingConfig withOutputDir(Path dir) {
        return new TrainingConfig(dir, epochs, maxSteps, learningRate, warmupRatio, weightDecay, maxGradNorm, seed,
                patience, checkpointEvery, resume);
    }

    /**
     * Starts a builder with BERT fine-tuning defaults (3 epochs, lr 5e-5, warm-up 10%, weight decay
     * 0.01, clipping at 1.0, seed 42, patience 0, checkpoint at epoch ends).
     *
     * @param outputDir output folder
     * @return the builder
     */
    public static Builder builder(Path outputDir) {
        return new Builder(outputDir);
    }

    /** Builder of {@link TrainingConfig}. */
    public static final class Builder {
        private final Path outputDir;
        private int epochs = 3;
        private long maxSteps;
        private double learningRate = 5e-5;
        private double warmupRatio = 0.1;
        private double weightDecay = 0.01;
        private double maxGradNorm = 1.0;
        private long seed = 42;
        private int patience;
        private long checkpointEvery;
        private boolean resume;

        private Builder(Path outputDir) {
            this.outputDir = outputDir;
        }

        /**
         * @param v maximum number of epochs
         * @return this builder
         */
        public Builder optEpochs(int v) {
            epochs = v;
            return this;
        }

        /**
         * @param v cap on updates, 0 for none
         * @return this builder
         */
        public Builder optMaxSteps(long v) {
            maxSteps = v;
            return this;
        }

        /**
         * @param v peak learning rate
         * @return this builder
         */
        public Builder optLearningRate(double v) {
            learningRate = v;
            return this;
        }

        /**
         * @param v warm-up share of the updates
         * @return this builder
         */
        public Builder optWarmupRatio(double v) {
            warmupRatio = v;
            return this;
        }

        /**
         * @param v decoupled weight decay
         * @return this builder
         */
        public Builder optWeightDecay(double v) {
            weightDecay = v;
            return this;
        }

        /**
         * @param v clipping threshold, 0 for none
         * @return this builder
         */
        public Builder optMaxGradNorm(double v) {
            maxGradNorm = v;
            return this;
        }

        /**
         * @param v run seed
         * @return this builder
         */
        public Builder optSeed(long v) {
            seed = v;
            return this;
        }

        /**
         * @param v early-stopping patience in epochs, 0 for none
         * @return this builder
         */
        public Builder optPatience(int v) {
            patience = v;
            return this;
        }

        /**
         * @param v checkpoint interval in updates, 0 for epoch ends only
         * @return this builder
         */
        public Builder optCheckpointEvery(long v) {
            checkpointEvery = v;
            return this;
        }

        /**
         * @param v continue from an existing checkpoint
         * @return this builder
         */
        public Builder optResume(boolean v) {
            resume = v;
            return this;
        }

        /**
         * @return the validated configuration
         */
        public TrainingConfig build() {
            return new TrainingConfig(outputDir, epochs, maxSteps, learningRate, warmupRatio, weightDecay,
                    maxGradNorm, seed, patience, checkpointEvery, resume);
        }
    }
}
