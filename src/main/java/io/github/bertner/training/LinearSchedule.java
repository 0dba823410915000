package io.github.bertner.training;

/**
 * Learning rate with linear warm-up followed by linear decay to zero, as in BERT fine-tuning
 * (Hugging Face {@code get_linear_schedule_with_warmup}). Unlike the Hugging Face version the first
 * warm-up update already uses {@code peak / warmupSteps} instead of zero, so no update is wasted.
 *
 * @param peakLr      learning rate reached at the end of the warm-up
 * @param warmupSteps number of warm-up updates (0 = start at the peak)
 * @param totalSteps  total number of updates of the run; the rate reaches zero there
 */
public record LinearSchedule(double peakLr, long warmupSteps, long totalSteps) {

    /**
     * Validates the schedule.
     *
     * @throws IllegalArgumentException for a non-positive rate or total, or a warm-up outside [0, total]
     */
    public LinearSchedule {
        if (!(peakLr > 0)) {
            throw new IllegalArgumentException("expected a positive learning rate, found " + peakLr);
        }
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("expected a positive number of steps, found " + totalSteps);
        }
        if (warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException(
                    "expected warm-up steps in [0, " + totalSteps + "], found " + warmupSteps);
        }
    }

    /**
     * Builds a schedule whose warm-up is a fraction of the total.
     *
     * @param peakLr       peak learning rate
     * @param warmupRatio  fraction of {@code totalSteps} spent warming up, in [0, 1]
     * @param totalSteps   total number of updates
     * @return the schedule
     */
    public static LinearSchedule withWarmupRatio(double peakLr, double warmupRatio, long totalSteps) {
        if (warmupRatio < 0 || warmupRatio > 1) {
            throw new IllegalArgumentException("expected a warm-up ratio in [0, 1], found " + warmupRatio);
        }
        return new LinearSchedule(peakLr, Math.round(warmupRatio * totalSteps), totalSteps);
    }

    /**
     * Learning rate for an update.
     *
     * @param step 0-based index of the update (the number of updates already done)
     * @return the learning rate, 0 at and after {@code totalSteps}
     */
    public double lr(long step) {
        if (step < warmupSteps) {
            return peakLr * (step + 1) / warmupSteps;
        }
        if (step >= totalSteps) {
            return 0.0;
        }
        return peakLr * (double) (totalSteps - step) / (double) (totalSteps - warmupSteps);
    }
}
