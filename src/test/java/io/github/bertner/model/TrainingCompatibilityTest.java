package io.github.bertner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The block trains with DJL's Trainer and with a manual ParameterStore/GradientCollector loop. */
class TrainingCompatibilityTest {
    private static final BertConfig CFG = BertConfig.builder().setVocabSize(20).setHiddenSize(16)
            .setNumHiddenLayers(2).setNumAttentionHeads(2).setIntermediateSize(32).optMaxPositionEmbeddings(8)
            .optHiddenDropoutProb(0).optAttentionProbsDropoutProb(0).build();
    private static final long[] IDS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0};
    private static final long[] LABELS = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 0};

    @Test
    @Tag("slow")
    void djlTrainerLearnsAndAllParametersGetGradients() {
        try (TokenClassifierModel m = TokenClassifierModel.create(CFG, java.util.List.of("A", "B", "C"),
                Device.cpu(), 5)) {
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build())
                    .optDevices(new Device[] {Device.cpu()});
            float first = -1;
            float last = -1;
            try (Trainer trainer = m.djlModel().newTrainer(tc)) {
                trainer.initialize(new Shape(2, 6), new Shape(2, 6));
                for (int step = 0; step < 25; step++) {
                    try (NDManager bm = trainer.getManager().newSubManager();
                            GradientCollector gc = trainer.newGradientCollector()) {
                        NDList in = new NDList(bm.create(IDS, new Shape(2, 6)), bm.ones(new Shape(2, 6)));
                        NDArray logits = trainer.forward(in).singletonOrThrow();
                        NDArray loss = crossEntropy(logits, bm.create(LABELS, new Shape(2, 6)));
                        gc.backward(loss);
                        if (step == 0) {
                            first = loss.getFloat();
                            for (Map.Entry<String, Parameter> e : m.parameters().entrySet()) {
                                try (NDArray g = e.getValue().getArray().getGradient()) {
                                    assertTrue(g.abs().sum().getFloat() > 0, "no gradient for " + e.getKey());
                                }
                            }
                        }
                        last = loss.getFloat();
                    }
                    trainer.step();
                }
            }
            assertTrue(last < first * 0.2, "loss " + first + " -> " + last);
            float[][][] logits = m.logits(new int[][] {{1, 2, 3, 4, 5, 6}}, new int[][] {{1, 1, 1, 1, 1, 1}});
            for (int t = 0; t < 6; t++) {
                assertEquals(LABELS[t], argmax(logits[0][t]), "position " + t);
            }
        }
    }

    @Test
    @Tag("slow")
    void manualLoopWithParameterStoreAndGradientCollector() {
        try (TokenClassifierModel m = TokenClassifierModel.create(CFG, java.util.List.of("A", "B", "C"),
                Device.cpu(), 6)) {
            Optimizer opt = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.5f)).build();
            NDManager mm = m.djlModel().getNDManager();
            float first = 0;
            float last = 0;
            for (int step = 0; step < 20; step++) {
                try (NDManager bm = mm.newSubManager()) {
                    ParameterStore ps = new ParameterStore(bm, false);
                    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                        NDList in = new NDList(bm.create(IDS, new Shape(2, 6)), bm.ones(new Shape(2, 6)));
                        NDArray logits = m.block().forward(ps, in, true).singletonOrThrow();
                        NDArray loss = crossEntropy(logits, bm.create(LABELS, new Shape(2, 6)));
                        gc.backward(loss);
                        last = loss.getFloat();
                        if (step == 0) {
                            first = last;
                        }
                    }
                    for (Parameter p : m.parameters().values()) {
                        try (NDArray g = p.getArray().getGradient()) {
                            opt.update(p.getId(), p.getArray(), g);
                        }
                    }
                }
            }
            assertTrue(last < first * 0.5, "loss " + first + " -> " + last);
        }
    }

    /** Mean token cross-entropy over (B,S,C) logits; DJL's loss only handles (N,C). */
    private static NDArray crossEntropy(NDArray logits, NDArray labels) {
        return logits.logSoftmax(-1).mul(labels.oneHot(3)).sum(new int[] {-1}).neg().mean();
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
