package io.github.bertner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.json reading, writing, presets and validation. */
class BertConfigTest {
    @TempDir
    Path tmp;

    @Test
    void presetsHaveTheDocumentedSizes() {
        BertConfig tiny = BertConfig.preset("tiny", 1000);
        assertEquals(List.of(2, 128, 2, 512, 512), List.of(tiny.numHiddenLayers(), tiny.hiddenSize(),
                tiny.numAttentionHeads(), tiny.intermediateSize(), tiny.maxPositionEmbeddings()));
        BertConfig mini = BertConfig.preset("Mini", 1000);
        assertEquals(List.of(4, 256, 4, 1024), List.of(mini.numHiddenLayers(), mini.hiddenSize(),
                mini.numAttentionHeads(), mini.intermediateSize()));
        BertConfig small = BertConfig.preset("small", 1000);
        assertEquals(List.of(4, 512, 8, 2048), List.of(small.numHiddenLayers(), small.hiddenSize(),
                small.numAttentionHeads(), small.intermediateSize()));
        BertConfig base = BertConfig.preset("BASE", 30522);
        assertEquals(List.of(12, 768, 12, 3072, 30522), List.of(base.numHiddenLayers(), base.hiddenSize(),
                base.numAttentionHeads(), base.intermediateSize(), base.vocabSize()));
        assertEquals(1e-12, base.layerNormEps());
        assertEquals(HiddenActivation.GELU, base.hiddenAct());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BertConfig.preset("huge", 10));
        assertEquals("unknown model preset \"huge\"; expected one of tiny, mini, small, base", e.getMessage());
    }

    @Test
    void writeReadRoundTripKeepsUnknownFieldsAndExtras() throws Exception {
        JsonObject other = new JsonObject();
        other.addProperty("transformers_version", "4.46.0");
        other.addProperty("torch_dtype", "float16");
        other.addProperty("position_embedding_type", "absolute");
        BertConfig c = BertConfig.preset("tiny", 99).toBuilder().optLabels(List.of("O", "B-A", "I-A"))
                .optHiddenAct(HiddenActivation.GELU_PYTORCH_TANH).optClassifierDropout(0.2)
                .optBertnerValue("tag_scheme", "BIO").optOtherFields(other).build();
        Path f = tmp.resolve("config.json");
        c.write(f);
        BertConfig back = BertConfig.read(f);
        assertEquals(c.labels(), back.labels());
        assertEquals(HiddenActivation.GELU_PYTORCH_TANH, back.hiddenAct());
        assertEquals(0.2, back.effectiveClassifierDropout());
        assertEquals("BIO", back.bertnerString("tag_scheme").orElseThrow());
        assertEquals("4.46.0", back.otherFields().get("transformers_version").getAsString());
        assertEquals("float32", back.otherFields().get("torch_dtype").getAsString(), "weights are written as F32");
        assertEquals(c.vocabSize(), back.vocabSize());
        assertEquals(c.layerNormEps(), back.layerNormEps());
        assertEquals(2, back.label2id().get("I-A"));
    }

    @Test
    void hfDefaultsApplyToOptionalFields() throws Exception {
        BertConfig c = BertConfig.fromJson("{\"vocab_size\": 10, \"hidden_size\": 8, \"num_hidden_layers\": 1,"
                + " \"num_attention_heads\": 2, \"intermediate_size\": 16, \"classifier_dropout\": null}", "x");
        assertEquals(0.1, c.hiddenDropoutProb());
        assertEquals(512, c.maxPositionEmbeddings());
        assertEquals(0.02, c.initializerRange());
        assertNull(c.classifierDropout());
        assertTrue(c.labels().isEmpty());
    }

    @Test
    void label2idAloneDefinesLabels() throws Exception {
        BertConfig c = BertConfig.fromJson("{\"vocab_size\": 10, \"hidden_size\": 8, \"num_hidden_layers\": 1,"
                + " \"num_attention_heads\": 2, \"intermediate_size\": 16, \"label2id\": {\"B\": 1, \"A\": 0}}", "x");
        assertEquals(List.of("A", "B"), c.labels());
    }

    private static String refusal(String json) {
        return assertThrows(CheckpointException.class, () -> BertConfig.fromJson(json, "my/config.json"))
                .getMessage();
    }

    private static final String SIZES = "\"vocab_size\": 10, \"hidden_size\": 8, \"num_hidden_layers\": 1,"
            + " \"num_attention_heads\": 2, \"intermediate_size\": 16";

    @Test
    void refusalsNameFileAndField() {
        assertEquals("my/config.json: missing required field 'hidden_size'",
                refusal("{\"vocab_size\": 10, \"num_hidden_layers\": 1, \"num_attention_heads\": 2,"
                        + " \"intermediate_size\": 16}"));
        assertTrue(refusal("{" + SIZES + ", \"hidden_act\": \"silu\"}")
                .startsWith("my/config.json: field 'hidden_act': unsupported hidden_act \"silu\""));
        assertEquals("my/config.json: field 'hidden_dropout_prob': expected a probability in [0, 1), found 1.5",
                refusal("{" + SIZES + ", \"hidden_dropout_prob\": 1.5}"));
        assertEquals("my/config.json: field 'vocab_size': expected an integer, found 10.5",
                refusal("{" + SIZES.replace("10", "10.5") + "}"));
        assertTrue(refusal("{" + SIZES + ", \"id2label\": {\"0\": \"A\", \"2\": \"B\"}}")
                .contains("field 'id2label': expected ids 0..1 without gaps, found id 2 where 1 was expected"));
        assertTrue(refusal("{" + SIZES + ", \"id2label\": {\"0\": \"A\", \"1\": \"A\"}}")
                .contains("label \"A\" appears twice, at ids 0 and 1"));
        assertTrue(refusal("{" + SIZES + ", \"position_embedding_type\": \"relative_key\"}")
                .contains("only \"absolute\" is supported"));
        assertTrue(refusal("{" + SIZES + ", \"pad_token_id\": 10}")
                .contains("field 'pad_token_id': expected 0 <= id < vocab_size = 10, found 10"));
        assertTrue(refusal("{" + SIZES + ",}").startsWith("my/config.json: invalid JSON"));
        assertTrue(refusal("{" + SIZES + ", \"is_decoder\": true}").contains("only encoder models"));
    }

    @Test
    void builderValidation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BertConfig.builder()
                .setVocabSize(10).setHiddenSize(10).setNumHiddenLayers(1).setNumAttentionHeads(3)
                .setIntermediateSize(4).build());
        assertEquals("field 'num_attention_heads' = 3 does not divide field 'hidden_size' = 10", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BertConfig.builder().setVocabSize(10).build());
    }
}
