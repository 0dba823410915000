package io.github.bertner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** The per-call sub-manager keeps the model manager's array count constant. */
class MemoryTest {
    @Test
    void repeatedLogitsCallsLeaveNoArraysOnTheModelManager() {
        BertConfig cfg = BertConfig.builder().setVocabSize(50).setHiddenSize(16).setNumHiddenLayers(2)
                .setNumAttentionHeads(2).setIntermediateSize(32).build();
        int[][] ids = {{1, 2, 3, 4, 5}, {6, 7, 8, 0, 0}};
        int[][] mask = {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}};
        try (TokenClassifierModel m = TokenClassifierModel.create(cfg, Fixtures.LABELS, Device.cpu(), 1)) {
            BaseNDManager base = (BaseNDManager) m.djlModel().getNDManager();
            m.logits(ids, mask);
            int before = base.getManagedArrays().size();
            assertEquals(m.parameters().size(), before, "only the parameters live on the model manager");
            for (int i = 0; i < 50; i++) {
                m.logits(ids, mask);
            }
            assertEquals(before, base.getManagedArrays().size());

            // the measurement can fail: a forward pass whose inputs live on the model manager leaks
            NDManager mm = m.djlModel().getNDManager();
            NDList in = new NDList(mm.create(new long[] {1, 2, 3}, new Shape(1, 3)), mm.ones(new Shape(1, 3)));
            m.block().forward(new ParameterStore(mm, false), in, false);
            assertTrue(base.getManagedArrays().size() > before + 10, "leaky variant must be visible");
        }
    }
}
