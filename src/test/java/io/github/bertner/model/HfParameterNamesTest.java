package io.github.bertner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Pins the HF tensor names that the block tree produces, their order, and the fresh values
 * {@link BertInit} gives them for a seed. Checkpoints on disk are keyed by these names and the
 * seeds are derived from them, so a renamed or re-nested block must fail here first. The lists
 * were taken from the hand-assembled names before the blocks derived them from their path.
 */
class HfParameterNamesTest {
    /** BertModel-relative names of a 2-layer model, in checkpoint order. */
    private static final List<String> BERT_MODEL = lines("""
            embeddings.word_embeddings.weight
            embeddings.position_embeddings.weight
            embeddings.token_type_embeddings.weight
            embeddings.LayerNorm.weight
            embeddings.LayerNorm.bias
            encoder.layer.0.attention.self.query.weight
            encoder.layer.0.attention.self.query.bias
            encoder.layer.0.attention.self.key.weight
            encoder.layer.0.attention.self.key.bias
            encoder.layer.0.attention.self.value.weight
            encoder.layer.0.attention.self.value.bias
            encoder.layer.0.attention.output.dense.weight
            encoder.layer.0.attention.output.dense.bias
            encoder.layer.0.attention.output.LayerNorm.weight
            encoder.layer.0.attention.output.LayerNorm.bias
            encoder.layer.0.intermediate.dense.weight
            encoder.layer.0.intermediate.dense.bias
            encoder.layer.0.output.dense.weight
            encoder.layer.0.output.dense.bias
            encoder.layer.0.output.LayerNorm.weight
            encoder.layer.0.output.LayerNorm.bias
            encoder.layer.1.attention.self.query.weight
            encoder.layer.1.attention.self.query.bias
            encoder.layer.1.attention.self.key.weight
            encoder.layer.1.attention.self.key.bias
            encoder.layer.1.attention.self.value.weight
            encoder.layer.1.attention.self.value.bias
            encoder.layer.1.attention.output.dense.weight
            encoder.layer.1.attention.output.dense.bias
            encoder.layer.1.attention.output.LayerNorm.weight
            encoder.layer.1.attention.output.LayerNorm.bias
            encoder.layer.1.intermediate.dense.weight
            encoder.layer.1.intermediate.dense.bias
            encoder.layer.1.output.dense.weight
            encoder.layer.1.output.dense.bias
            encoder.layer.1.output.LayerNorm.weight
            encoder.layer.1.output.LayerNorm.bias
            """);

    /** Seed-7 fresh values (CRC32 of the float bits) of the token classifier on the tiny config. */
    private static final String TOKEN_CLASSIFIER_INIT = """
            bert.embeddings.word_embeddings.weight 66be17a6
            bert.embeddings.position_embeddings.weight 314a90
            bert.embeddings.token_type_embeddings.weight 8d3a94bb
            bert.embeddings.LayerNorm.weight 86022b44
            bert.embeddings.LayerNorm.bias c2a8fa9d
            bert.encoder.layer.0.attention.self.query.weight c92de626
            bert.encoder.layer.0.attention.self.query.bias c2a8fa9d
            bert.encoder.layer.0.attention.self.key.weight 982937be
            bert.encoder.layer.0.attention.self.key.bias c2a8fa9d
            bert.encoder.layer.0.attention.self.value.weight 2f97bd7
            bert.encoder.layer.0.attention.self.value.bias c2a8fa9d
            bert.encoder.layer.0.attention.output.dense.weight fd6f02b6
            bert.encoder.layer.0.attention.output.dense.bias c2a8fa9d
            bert.encoder.layer.0.attention.output.LayerNorm.weight 86022b44
            bert.encoder.layer.0.attention.output.LayerNorm.bias c2a8fa9d
            bert.encoder.layer.0.intermediate.dense.weight 838abce0
            bert.encoder.layer.0.intermediate.dense.bias d968558
            bert.encoder.layer.0.output.dense.weight f41024f0
            bert.encoder.layer.0.output.dense.bias c2a8fa9d
            bert.encoder.layer.0.output.LayerNorm.weight 86022b44
            bert.encoder.layer.0.output.LayerNorm.bias c2a8fa9d
            bert.encoder.layer.1.attention.self.query.weight 5330565c
            bert.encoder.layer.1.attention.self.query.bias c2a8fa9d
            bert.encoder.layer.1.attention.self.key.weight b2366e9a
            bert.encoder.layer.1.attention.self.key.bias c2a8fa9d
            bert.encoder.layer.1.attention.self.value.weight 7446ed85
            bert.encoder.layer.1.attention.self.value.bias c2a8fa9d
            bert.encoder.layer.1.attention.output.dense.weight e11fcd6d
            bert.encoder.layer.1.attention.output.dense.bias c2a8fa9d
            bert.encoder.layer.1.attention.output.LayerNorm.weight 86022b44
            bert.encoder.layer.1.attention.output.LayerNorm.bias c2a8fa9d
            bert.encoder.layer.1.intermediate.dense.weight 3b217e33
            bert.encoder.layer.1.intermediate.dense.bias d968558
            bert.encoder.layer.1.output.dense.weight 839fb4f1
            bert.encoder.layer.1.output.dense.bias c2a8fa9d
            bert.encoder.layer.1.output.LayerNorm.weight 86022b44
            bert.encoder.layer.1.output.LayerNorm.bias c2a8fa9d
            classifier.weight 9f52c1fb
            classifier.bias fd59b8d
            """;

    /** Seed-7 fresh values of the masked-LM head (its encoder is the one above). */
    private static final String MASKED_LM_HEAD_INIT = """
            cls.predictions.transform.dense.weight 48a96739
            cls.predictions.transform.dense.bias c2a8fa9d
            cls.predictions.transform.LayerNorm.weight 86022b44
            cls.predictions.transform.LayerNorm.bias c2a8fa9d
            cls.predictions.bias aa075363
            """;

    private static BertConfig tiny() {
        return BertConfig.builder().setVocabSize(40).setHiddenSize(32).setNumHiddenLayers(2)
                .setNumAttentionHeads(4).setIntermediateSize(64).build();
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toList());
    }

    private static List<String> prefixed(String prefix, List<String> names) {
        return names.stream().map(n -> prefix + n).collect(Collectors.toList());
    }

    @Test
    void bareBertModelHasItsNamesWithoutPrefix() {
        BertModel m = new BertModel(tiny(), 7);
        assertEquals(BERT_MODEL, List.copyOf(m.hfParameters().keySet()));
        assertEquals("", m.bertPrefix());
        assertSame(m, m.bert());
        assertEquals(Set.of(), m.headParameterNames());
    }

    @Test
    void tokenClassifierPutsTheEncoderUnderBert() {
        BertForTokenClassification m = new BertForTokenClassification(tiny(), 5, 7);
        List<String> want = new ArrayList<>(prefixed("bert.", BERT_MODEL));
        want.addAll(List.of("classifier.weight", "classifier.bias"));
        assertEquals(want, List.copyOf(m.hfParameters().keySet()));
        assertEquals("bert.", m.bertPrefix());
        assertEquals(Set.of("classifier.weight", "classifier.bias"), m.headParameterNames());
    }

    @Test
    void maskedLmHeadFollowsHfNestingAndTiesTheDecoder() {
        BertForMaskedLM m = new BertForMaskedLM(tiny(), 7);
        List<String> head = List.of("cls.predictions.transform.dense.weight", "cls.predictions.transform.dense.bias",
                "cls.predictions.transform.LayerNorm.weight", "cls.predictions.transform.LayerNorm.bias",
                "cls.predictions.bias");
        List<String> want = new ArrayList<>(prefixed("bert.", BERT_MODEL));
        want.addAll(head);
        assertEquals(want, List.copyOf(m.hfParameters().keySet()));
        assertEquals("bert.", m.bertPrefix());
        assertEquals(Set.copyOf(head), m.headParameterNames());
        // tied: the decoder is the embedding table, saved once under the encoder's name
        assertFalse(m.hfParameters().containsKey("cls.predictions.decoder.weight"));
        assertSame(m.bert().embeddings().wordEmbeddings(),
                m.hfParameters().get("bert.embeddings.word_embeddings.weight"));
    }

    @Test
    void freshValuesForASeedAreUnchanged() {
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            BertForTokenClassification tc = new BertForTokenClassification(tiny(), 5, 7);
            tc.initialize(manager, DataType.FLOAT32, new Shape(2, 6), new Shape(2, 6));
            assertEquals(lines(TOKEN_CLASSIFIER_INIT), fingerprints(tc.hfParameters()));

            BertForMaskedLM mlm = new BertForMaskedLM(tiny(), 7);
            mlm.initialize(manager, DataType.FLOAT32, new Shape(2, 6), new Shape(2, 6));
            List<String> want = new ArrayList<>(lines(TOKEN_CLASSIFIER_INIT).subList(0, BERT_MODEL.size()));
            want.addAll(lines(MASKED_LM_HEAD_INIT));
            assertEquals(want, fingerprints(mlm.hfParameters()));
        }
    }

    @Test
    void sharedEncoderKeepsItsNamesUnderEveryHead() {
        BertModel bert = new BertModel(tiny(), 3);
        BertForTokenClassification tc = new BertForTokenClassification(bert, 4, 3);
        BertForMaskedLM mlm = new BertForMaskedLM(bert, 3);
        for (HfBlock head : List.of(tc, mlm)) {
            for (Map.Entry<String, Parameter> e : bert.hfParameters().entrySet()) {
                assertSame(e.getValue(), head.hfParameters().get("bert." + e.getKey()), e.getKey());
            }
        }
    }

    @Test
    void badLocalNamesAreRefused() {
        class Probe extends HfModule {
            Probe() {
                super((byte) 1);
            }

            void param(String name) {
                hfParameter(name, Parameter.Type.BIAS, 1);
            }

            @Override
            protected ai.djl.ndarray.NDList forwardInternal(ai.djl.training.ParameterStore ps,
                    ai.djl.ndarray.NDList inputs, boolean training, ai.djl.util.PairList<String, Object> params) {
                return inputs;
            }

            @Override
            public Shape[] getOutputShapes(Shape[] inputShapes) {
                return inputShapes;
            }
        }
        Probe p = new Probe();
        p.param("dense.bias");
        assertThrows(IllegalArgumentException.class, () -> p.param("dense.bias"));
        assertThrows(IllegalArgumentException.class, () -> p.param(""));
        assertThrows(IllegalArgumentException.class, () -> p.param(".bias"));
        assertThrows(IllegalArgumentException.class, () -> p.param("dense..bias"));
    }

    private static List<String> fingerprints(Map<String, Parameter> params) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            float[] v = e.getValue().getArray().toFloatArray();
            ByteBuffer bytes = ByteBuffer.allocate(v.length * Float.BYTES);
            for (float f : v) {
                bytes.putInt(Float.floatToRawIntBits(f));
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.array());
            out.add(e.getKey() + " " + Long.toHexString(crc.getValue()));
        }
        return out;
    }
}
