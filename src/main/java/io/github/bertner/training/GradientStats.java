package io.github.bertner.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The global gradient norms of one epoch's updates, kept in the trainer state (so a resumed epoch reports the
 * whole epoch) and written to each epoch's history entry as {@code gradient_norm}. A run that came close to
 * instability shows it here (a maximum far above the mean, many clipped updates) before an update is lost;
 * a skipped or recomputed update names its step.
 */
final class GradientStats {

    /** Skipped or recovered steps listed at most; the counts go on. */
    static final int MAX_LISTED_STEPS = 20;

    /** Largest finite norm of the epoch, NaN before the first update. */
    double max = Double.NaN;
    /** Step of {@link #max}, -1 before the first update. */
    long maxStep = -1;
    /** Sum of the finite norms. */
    double sum;
    /** Updates applied (finite loss and norm). */
    long applied;
    /** Applied updates whose norm was above the clipping threshold, so the gradient was scaled down. */
    long clipped;
    /** Updates dropped for a non-finite loss or gradient norm. */
    long skipped;
    /** The first {@link #MAX_LISTED_STEPS} dropped steps. */
    List<Long> skippedSteps = new ArrayList<>();
    /** Steps computed a second time because a finite loss came with a non-finite gradient norm. */
    long recomputed;
    /** The first {@link #MAX_LISTED_STEPS} recomputed steps whose second gradient was finite (and applied). */
    List<Long> recoveredSteps = new ArrayList<>();

    /** Records an applied update. */
    void applied(long step, double norm, boolean wasClipped) {
        if (applied == 0 || norm > max) {
            max = norm;
            maxStep = step;
        }
        sum += norm;
        applied++;
        if (wasClipped) {
            clipped++;
        }
    }

    /** Records a step computed a second time; {@code recovered} when its second gradient was finite. */
    void recomputed(long step, boolean recovered) {
        recomputed++;
        if (recovered && recoveredSteps.size() < MAX_LISTED_STEPS) {
            recoveredSteps.add(step);
        }
    }

    /** Records a dropped update. */
    void skipped(long step) {
        skipped++;
        if (skippedSteps.size() < MAX_LISTED_STEPS) {
            skippedSteps.add(step);
        }
    }

    /**
     * The epoch's entry: {@code max}, {@code max_step}, {@code mean} (NaN when no update was applied),
     * {@code applied}, {@code clipped}, {@code skipped} and {@code skipped_steps} (0-based steps, as the warnings
     * name them), {@code recomputed} and {@code recovered_steps}.
     */
    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max", max);
        m.put("max_step", maxStep);
        m.put("mean", applied > 0 ? sum / applied : Double.NaN);
        m.put("applied", applied);
        m.put("clipped", clipped);
        m.put("skipped", skipped);
        m.put("skipped_steps", List.copyOf(skippedSteps));
        m.put("recomputed", recomputed);
        m.put("recovered_steps", List.copyOf(recoveredSteps));
        return m;
    }
}
