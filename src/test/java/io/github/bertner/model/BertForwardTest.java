package io.github.bertner.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The DJL blocks against the independent double-precision reference, with padding. */
class BertForwardTest {
    private static final double TOL = 1e-4;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"gelu", "gelu_new", "relu"})
    void tokenClassifierMatchesReferenceOnPaddedBatch(String act) throws Exception {
        Path dir = Fixtures.tokenClassifier(tmp.resolve(act), act);
        ReferenceBert ref = new ReferenceBert(dir);
        Random r = new Random(5);
        int s = 12;
        int[] lengths = {12, 7, 3};
        int[][] ids = Fixtures.randomIds(r, 3, s);
        int[][] mask = Fixtures.mask(s, lengths);
        int[][] types = new int[3][s];
        for (int j = 4; j < 12; j++) {
            types[0][j] = 1;
        }
        try (TokenClassifierModel m = TokenClassifierModel.load(dir, Device.cpu())) {
            float[][][] got = m.logits(ids, mask, types);
            double maxDiff = 0;
            for (int b = 0; b < 3; b++) {
                int len = lengths[b];
                double[][] want = ref.tokenLogits(Arrays.copyOf(ids[b], len), Arrays.copyOf(types[b], len));
                for (int t = 0; t < len; t++) {
                    for (int c = 0; c < Fixtures.LABELS.size(); c++) {
                        maxDiff = Math.max(maxDiff, Math.abs(want[t][c] - got[b][t][c]));
                    }
                }
            }
            assertTrue(maxDiff < TOL, act + ": max |DJL - reference| = " + maxDiff);
        }
    }

    @Test
    void paddedPositionsDoNotInfluenceRealOnes() throws Exception {
        Path dir = Fixtures.tokenClassifier(tmp, "gelu");
        Random r = new Random(9);
        int s = 10;
        int[][] ids = Fixtures.randomIds(r, 2, s);
        int[][] mask = Fixtures.mask(s, 10, 4);
        int[][] otherPadding = new int[2][];
        otherPadding[0] = ids[0].clone();
        otherPadding[1] = ids[1].clone();
        for (int j = 4; j < s; j++) {
            otherPadding[1][j] = (otherPadding[1][j] % (Fixtures.VOCAB - 1)) + 1;
        }
        try (TokenClassifierModel m = TokenClassifierModel.load(dir, Device.cpu())) {
            float[][][] a = m.logits(ids, mask);
            float[][][] b = m.logits(otherPadding, mask);
            for (int t = 0; t < 4; t++) {
                assertArrayEquals(a[1][t], b[1][t], 1e-6f, "position " + t);
            }
            // the same change without masking must change the real positions: the check can fail
            float[][][] c = m.logits(ids, Fixtures.mask(s, 10, 10));
            float[][][] d = m.logits(otherPadding, Fixtures.mask(s, 10, 10));
            assertTrue(maxAbsDiff(c[1][0], d[1][0]) > 1e-3, "unmasked change should propagate");
            // a shorter batch (no padding at all) gives the same logits for the short sequence
            float[][][] alone = m.logits(new int[][] {Arrays.copyOf(ids[1], 4)}, Fixtures.mask(4, 4));
            for (int t = 0; t < 4; t++) {
                assertArrayEquals(alone[0][t], a[1][t], 1e-5f, "variable length, position " + t);
            }
        }
    }

    @Test
    void maskedLmHeadMatchesReferenceWithTiedDecoder() throws Exception {
        Path dir = Fixtures.write(tmp, Fixtures.config("gelu", java.util.List.of()),
                Fixtures.weights(3, 0, true, false));
        ReferenceBert ref = new ReferenceBert(dir);
        BertConfig cfg = HfCheckpoint.readConfig(dir);
        int[][] ids = Fixtures.randomIds(new Random(2), 2, 6);
        try (Model model = Model.newInstance("mlm", Device.cpu(), "PyTorch")) {
            BertForMaskedLM block = new BertForMaskedLM(cfg, 1);
            model.setBlock(block);
            LoadReport report = HfCheckpoint.loadWeights(dir, block, HeadPolicy.REQUIRE, model.getNDManager());
            assertEquals(block.hfParameters().size(), report.loadedTensors());
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 6), new Shape(2, 6));
            try (NDManager batch = model.getNDManager().newSubManager()) {
                long[] flat = Arrays.stream(ids).flatMapToInt(Arrays::stream).asLongStream().toArray();
                NDList in = new NDList(batch.create(flat, new Shape(2, 6)), batch.ones(new Shape(2, 6)));
                float[] got = block.forward(new ParameterStore(batch, false), in, false).singletonOrThrow()
                        .toFloatArray();
                double maxDiff = 0;
                for (int b = 0; b < 2; b++) {
                    double[][] want = ref.mlmLogits(ids[b], new int[6]);
                    for (int t = 0; t < 6; t++) {
                        for (int v = 0; v < Fixtures.VOCAB; v++) {
                            maxDiff = Math.max(maxDiff, Math.abs(want[t][v] - got[(b * 6 + t) * Fixtures.VOCAB + v]));
                        }
                    }
                }
                assertTrue(maxDiff < TOL, "MLM max diff " + maxDiff);
            }
        }
    }

    @Test
    void geluIsTheExactErfFormAndGeluNewTheTanhForm() {
        float[] xs = {-3f, -2f, -1.5f, -0.5f, 0f, 0.7f, 1.5f, 2.5f};
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            float[] exact = BertOps.activate(m.create(xs), HiddenActivation.GELU).toFloatArray();
            float[] tanh = BertOps.activate(m.create(xs), HiddenActivation.GELU_NEW).toFloatArray();
            float[] relu = BertOps.activate(m.create(xs), HiddenActivation.RELU).toFloatArray();
            double maxApproxGap = 0;
            for (int i = 0; i < xs.length; i++) {
                double x = xs[i];
                double e = 0.5 * x * (1 + ReferenceBert.erf(x / Math.sqrt(2)));
                double t = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
                assertEquals(e, exact[i], 1e-6, "gelu(" + x + ")");
                assertEquals(t, tanh[i], 1e-6, "gelu_new(" + x + ")");
                assertEquals(Math.max(0, x), relu[i], 0, "relu(" + x + ")");
                maxApproxGap = Math.max(maxApproxGap, Math.abs(e - t));
            }
            assertTrue(maxApproxGap > 1e-4, "the two GELU forms must be distinguishable at this tolerance");
        }
    }

    @Test
    void referenceErfIsAccurate() {
        assertEquals(0.8427007929497149, ReferenceBert.erf(1.0), 1e-12);
        assertEquals(-0.9953222650189527, ReferenceBert.erf(-2.0), 1e-12);
        assertEquals(0.9999779095030014, ReferenceBert.erf(3.0), 1e-12);
        assertEquals(0.0, ReferenceBert.erf(0.0), 0.0);
    }

    @Test
    void dropoutOnlyInTrainingMode() {
        BertConfig cfg = BertConfig.builder().setVocabSize(30).setHiddenSize(16).setNumHiddenLayers(1)
                .setNumAttentionHeads(2).setIntermediateSize(32).optHiddenDropoutProb(0.3).build();
        try (TokenClassifierModel m = TokenClassifierModel.create(cfg, Fixtures.LABELS, Device.cpu(), 3);
                NDManager batch = m.djlModel().getNDManager().newSubManager()) {
            NDList in = new NDList(batch.create(new long[] {1, 2, 3, 4}, new Shape(1, 4)),
                    batch.ones(new Shape(1, 4), DataType.INT64));
            ParameterStore ps = new ParameterStore(batch, false);
            float[] infer1 = m.block().forward(ps, in, false).singletonOrThrow().toFloatArray();
            float[] infer2 = m.block().forward(ps, in, false).singletonOrThrow().toFloatArray();
            float[] train1 = m.block().forward(ps, in, true).singletonOrThrow().toFloatArray();
            float[] train2 = m.block().forward(ps, in, true).singletonOrThrow().toFloatArray();
            assertArrayEquals(infer1, infer2, 0f);
            assertTrue(maxAbsDiff(train1, train2) > 1e-4, "training forwards should differ through dropout");
            assertTrue(maxAbsDiff(infer1, train1) > 1e-4);
        }
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        BertConfig cfg = BertConfig.preset("tiny", 100);
        int[][] ids = {{5, 6, 7}};
        int[][] mask = {{1, 1, 1}};
        try (TokenClassifierModel a = TokenClassifierModel.create(cfg, Fixtures.LABELS, Device.cpu(), 42);
                TokenClassifierModel b = TokenClassifierModel.create(cfg, Fixtures.LABELS, Device.cpu(), 42);
                TokenClassifierModel c = TokenClassifierModel.create(cfg, Fixtures.LABELS, Device.cpu(), 43)) {
            assertArrayEquals(a.logits(ids, mask)[0][1], b.logits(ids, mask)[0][1], 0f);
            assertTrue(maxAbsDiff(a.logits(ids, mask)[0][1], c.logits(ids, mask)[0][1]) > 1e-6);
            float[] padRow = a.parameters().get("bert.embeddings.word_embeddings.weight").getArray().get(0)
                    .toFloatArray();
            assertEquals(0f, maxAbsDiff(padRow, new float[padRow.length]), "HF zeroes the pad_token_id row");
            float[] lnWeight = a.parameters().get("bert.encoder.layer.1.output.LayerNorm.weight").getArray()
                    .toFloatArray();
            assertTrue(Arrays.equals(lnWeight, filled(lnWeight.length, 1f)));
            float[] w = a.parameters().get("bert.encoder.layer.0.attention.self.query.weight").getArray()
                    .toFloatArray();
            double var = 0;
            for (float v : w) {
                var += v * v;
            }
            assertEquals(0.02, Math.sqrt(var / w.length), 0.002, "std of fresh weights = initializer_range");
        }
    }

    static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
