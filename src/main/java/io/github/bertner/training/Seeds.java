package io.github.bertner.training;

/**
 * Derives independent, reproducible random seeds from a run seed and counters such as the epoch or
 * the optimizer step. Every random draw of a training run goes through here, so a resumed run draws
 * exactly what the uninterrupted run would have drawn at the same step.
 */
public final class Seeds {

    private Seeds() {
    }

    /**
     * Mixes a base seed with any number of counters (SplitMix64 finaliser applied after each part),
     * so nearby inputs such as steps 7 and 8 give unrelated outputs.
     *
     * @param seed  the run seed
     * @param parts counters, for example a purpose tag, the epoch and the step
     * @return a well-mixed 64-bit seed
     */
    public static long mix(long seed, long... parts) {
        long h = splitMix(seed ^ 0x9E3779B97F4A7C15L);
        for (long part : parts) {
            h = splitMix(h ^ splitMix(part + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    /**
     * Reduces a mixed seed to the non-negative {@code int} range that
     * {@code ai.djl.engine.Engine#setRandomSeed(int)} accepts.
     *
     * @param seed  the run seed
     * @param parts counters, as for {@link #mix(long, long...)}
     * @return a seed in [0, Integer.MAX_VALUE]
     */
    public static int engineSeed(long seed, long... parts) {
        return (int) (mix(seed, parts) >>> 33);
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
