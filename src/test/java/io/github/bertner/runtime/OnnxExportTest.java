package io.github.bertner.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.github.bertner.model.BertConfig;
import io.github.bertner.model.FloatTensor;
import io.github.bertner.model.HfCheckpoint;
import io.github.bertner.model.HiddenActivation;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.runtime.BertOnnxExporter.Precision;
import io.github.bertner.runtime.BertOnnxExporter.QuantizedMatMul;
import io.github.bertner.runtime.BertOnnxExporter.WeightQuantization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The exported ONNX graph run by ONNX Runtime against the PyTorch path on random models and inputs. */
class OnnxExportTest {
    static final List<String> LABELS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
    static final int VOCAB = 60;

    static TokenClassifierModel model;
    static int[][] ids;
    static int[][] mask;
    static float[][][] reference;

    static BertConfig config(HiddenActivation act) {
        return BertConfig.builder().setVocabSize(VOCAB).setHiddenSize(32).setNumHiddenLayers(2)
                .setNumAttentionHeads(4).setIntermediateSize(64).optMaxPositionEmbeddings(40)
                .optHiddenAct(act).optInitializerRange(0.2).build();
    }

    /** Batch of 5 rows padded to 30: lengths 30, 17, 3, 1 and 24, random ids. */
    static void randomBatch(long seed) {
        Random r = new Random(seed);
        int[] lengths = {30, 17, 3, 1, 24};
        ids = new int[lengths.length][30];
        mask = new int[lengths.length][30];
        for (int i = 0; i < lengths.length; i++) {
            for (int j = 0; j < lengths[i]; j++) {
                ids[i][j] = 1 + r.nextInt(VOCAB - 1);
                mask[i][j] = 1;
            }
        }
    }

    @BeforeAll
    static void setUp() {
        model = TokenClassifierModel.create(config(HiddenActivation.GELU), LABELS, Device.cpu(), 7);
        randomBatch(11);
        reference = model.logits(ids, mask);
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    static OrtPieceLogits session(TokenClassifierModel m, BertOnnxExporter.Builder exporter, InferenceRuntime rt) {
        byte[] onnx = exporter.setConfig(m.config()).setWeights(HfCheckpoint.exportWeights(m.block())).build().export();
        return OrtPieceLogits.builder().setModel(onnx).setConfig(m.config()).setRuntime(rt).optThreads(1).build();
    }

    static double maxAbsDiff(float[][][] a, float[][][] b) {
        assertEquals(a.length, b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i].length, b[i].length);
            for (int j = 0; j < a[i].length; j++) {
                assertEquals(a[i][j].length, b[i][j].length);
                for (int k = 0; k < a[i][j].length; k++) {
                    m = Math.max(m, Math.abs(a[i][j][k] - b[i][j][k]));
                }
            }
        }
        return m;
    }

    /** Share of real positions whose argmax label is the same. */
    static double argmaxAgreement(float[][][] a, float[][][] b, int[][] mask) {
        int same = 0;
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                if (mask[i][j] == 1) {
                    n++;
                    same += argmax(a[i][j]) == argmax(b[i][j]) ? 1 : 0;
                }
            }
        }
        return same / (double) n;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }

    @ParameterizedTest
    @EnumSource(HiddenActivation.class)
    void fp32AgreesWithPyTorchForEveryActivation(HiddenActivation act) {
        try (TokenClassifierModel m = TokenClassifierModel.create(config(act), LABELS, Device.cpu(), 3);
             OrtPieceLogits ort = session(m, BertOnnxExporter.builder(), InferenceRuntime.ONNX)) {
            float[][][] expected = m.logits(ids, mask);
            float[][][] actual = ort.logits(ids, mask);
            double diff = maxAbsDiff(expected, actual);
            assertTrue(diff <= 1e-4, act + ": max |Δ logits| = " + diff);
            assertEquals(1.0, argmaxAgreement(expected, actual, mask), act.toString());
        }
    }

    @Test
    void dynamicBatchAndSequenceAndPaddingInvariance() {
        try (OrtPieceLogits ort = session(model, BertOnnxExporter.builder(), InferenceRuntime.ONNX)) {
            assertTrue(maxAbsDiff(reference, ort.logits(ids, mask)) <= 1e-4);
            // row 1 alone, unpadded (length 17): same logits as inside the padded batch
            int[][] one = {java.util.Arrays.copyOf(ids[1], 17)};
            int[][] oneMask = {java.util.Arrays.copyOf(mask[1], 17)};
            float[][][] alone = ort.logits(one, oneMask);
            float[][][] inBatch = {java.util.Arrays.copyOf(ort.logits(ids, mask)[1], 17)};
            assertEquals(17, alone[0].length);
            assertEquals(LABELS.size(), alone[0][0].length);
            assertTrue(maxAbsDiff(alone, inBatch) <= 1e-5, "padding changed real positions");
            assertEquals(0, ort.logits(new int[0][], new int[0][]).length);
        }
    }

    /**
     * int8 against fp32 PyTorch: every operator form and scale granularity stays within 0.15 of
     * the logits (whose spread on this model is about ±3) and keeps at least 90% of the argmax labels. On a CPU
     * without VNNI the weights have 7 bits ({@link CpuFeatures}), half the resolution, so the bound on the
     * logits doubles.
     */
    @ParameterizedTest
    @EnumSource(QuantizedMatMul.class)
    void int8StaysWithinItsTolerance(QuantizedMatMul form) {
        for (WeightQuantization wq : WeightQuantization.values()) {
            BertOnnxExporter.Builder b = BertOnnxExporter.builder().optPrecision(Precision.INT8)
                    .optQuantizedMatMul(form).optWeightQuantization(wq);
            try (OrtPieceLogits ort = session(model, b, InferenceRuntime.ONNX_INT8)) {
                float[][][] actual = ort.logits(ids, mask);
                double diff = maxAbsDiff(reference, actual);
                double agreement = argmaxAgreement(reference, actual, mask);
                System.err.printf("int8 %s %s: max |Δ| %.5f, argmax agreement %.4f%n", form, wq, diff, agreement);
                assertTrue(diff > 0, "int8 must differ from fp32 at all, else nothing was quantized");
                double bound = CpuFeatures.int8WithoutSaturation() ? 0.15 : 0.30;
                assertTrue(diff <= bound, form + " " + wq + ": max |Δ logits| = " + diff + ", bound " + bound);
                assertTrue(agreement >= 0.90, form + " " + wq + ": argmax agreement " + agreement);
            }
        }
    }

    @Test
    void int8QuantizesSixProjectionsPerLayer() {
        BertOnnxExporter e = BertOnnxExporter.builder().setConfig(model.config())
                .setWeights(HfCheckpoint.exportWeights(model.block())).optPrecision(Precision.INT8).build();
        e.export();
        assertEquals(12, e.quantizedProjections());
        BertOnnxExporter f = BertOnnxExporter.builder().setConfig(model.config())
                .setWeights(HfCheckpoint.exportWeights(model.block())).build();
        f.export();
        assertEquals(0, f.quantizedProjections());
    }

    @Test
    void refusesMissingAndMisshapedWeightsNamingThem() {
        Map<String, FloatTensor> weights = new LinkedHashMap<>(HfCheckpoint.exportWeights(model.block()));
        weights.remove("bert.encoder.layer.1.intermediate.dense.weight");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> BertOnnxExporter
                .builder().setConfig(model.config()).setWeights(weights).build().export());
        assertEquals("missing weight 'bert.encoder.layer.1.intermediate.dense.weight', expected shape [64, 32]",
                missing.getMessage());

        weights.put("bert.encoder.layer.1.intermediate.dense.weight", new FloatTensor(new long[] {32, 64},
                new float[64 * 32]));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> BertOnnxExporter
                .builder().setConfig(model.config()).setWeights(weights).build().export());
        assertEquals("weight 'bert.encoder.layer.1.intermediate.dense.weight': expected shape [64, 32] from "
                + "config.json, found [32, 64]", shape.getMessage());

        Map<String, FloatTensor> noHead = new LinkedHashMap<>(HfCheckpoint.exportWeights(model.block()));
        noHead.remove("classifier.weight");
        IllegalArgumentException head = assertThrows(IllegalArgumentException.class, () -> BertOnnxExporter
                .builder().setConfig(model.config()).setWeights(noHead).build());
        assertEquals("expected the head weight 'classifier.weight' of a token classifier, found none: this is not "
                + "a token-classification model", head.getMessage());
    }

    @Test
    void refusesBadInputsWithThePyTorchMessages() {
        try (OrtPieceLogits ort = session(model, BertOnnxExporter.builder(), InferenceRuntime.ONNX)) {
            IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
                    () -> ort.logits(new int[][] {{2, VOCAB}}, new int[][] {{1, 1}}));
            assertEquals("inputIds[0][1] = 60 is outside [0, 60)", id.getMessage());
            IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                    () -> ort.logits(new int[][] {{2, 3}, {2}}, new int[][] {{1, 1}, {1}}));
            assertEquals("inputIds row 1 has length 1, expected 2 (pad all rows of a batch to one length)",
                    ragged.getMessage());
            IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                    () -> ort.logits(new int[][] {new int[41]}, new int[][] {new int[41]}));
            assertEquals("sequence length 41 exceeds max_position_embeddings 40", tooLong.getMessage());
        }
    }

    @Test
    void runtimeNamesParseAndUnknownOnesAreRefused() {
        assertEquals(InferenceRuntime.ONNX_INT8, InferenceRuntime.parse("onnx-int8"));
        assertEquals(InferenceRuntime.ONNX_INT8, InferenceRuntime.parse("ONNX_INT8"));
        assertEquals(InferenceRuntime.PYTORCH, InferenceRuntime.parse(" PyTorch "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InferenceRuntime.parse("tensorrt"));
        assertEquals("expected a runtime among pytorch, onnx, onnx-int8, found 'tensorrt'", e.getMessage());
        IllegalArgumentException notOnnx = assertThrows(IllegalArgumentException.class,
                () -> OrtPieceLogits.builder().setRuntime(InferenceRuntime.PYTORCH));
        assertEquals("expected an ONNX runtime, found pytorch", notOnnx.getMessage());
    }

    @Test
    void onnxRuntimeRejectsACorruptGraphWithItsCause() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OrtPieceLogits.builder()
                .setModel(new byte[] {1, 2, 3}).setConfig(model.config()).build());
        assertTrue(e.getMessage().startsWith("ONNX Runtime cannot load the exported onnx graph (3 bytes): "),
                e.getMessage());
        assertTrue(e.getCause() instanceof ai.onnxruntime.OrtException);
    }
}
