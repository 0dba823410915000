package io.github.bertner.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * Knowledge-distillation loss at the positions where word predictions are read: the Kullback-Leibler
 * divergence {@code KL(p_teacher || p_student)} between the temperature-softened label distributions, scaled by
 * {@code T^2} so that its gradients keep the size of a hard-label loss whatever the temperature (Hinton et al.,
 * 2015). Positions outside the mask (padding, specials, non-first pieces) contribute neither loss nor gradient,
 * whatever the logits there hold.
 */
public final class DistillationLoss {

    private DistillationLoss() {
    }

    /**
     * Mean of {@code T^2 * KL(softmax(teacher/T) || softmax(student/T))} over the masked positions.
     *
     * @param student     (B, S, C) student logits, attached to the graph
     * @param teacher     (B, S, C) teacher logits (constants; any value outside the mask)
     * @param mask        (B, S) 1 where counted, 0 elsewhere (float)
     * @param temperature softening temperature, positive
     * @return a scalar; 0 (still attached) when nothing is counted
     */
    public static NDArray loss(NDArray student, NDArray teacher, NDArray mask, float temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("expected a positive temperature, found " + temperature);
        }
        NDArray maskF = mask.toType(student.getDataType(), false);
        // garbage at masked-out positions (an overflowing pad logit) must not become 0 x NaN: zero it first
        NDArray keep = mask.gt(0).expandDims(-1).broadcast(student.getShape());
        NDArray zeros = student.zerosLike();
        NDArray t = NDArrays.where(keep, teacher, zeros).div(temperature);
        NDArray s = NDArrays.where(keep, student, zeros).div(temperature);
        NDArray logPt = t.logSoftmax(-1);
        NDArray logPs = s.logSoftmax(-1);
        NDArray kl = logPt.exp().mul(logPt.sub(logPs)).sum(new int[] {-1});
        NDArray count = maskF.sum().maximum(1f);
        return kl.mul(maskF).sum().div(count).mul(temperature * temperature);
    }
}
