package io.github.bertner.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HF checkpoint folders: round trips, name variants, and refusal of broken folders with precise messages. */
class HfCheckpointTest {
    @TempDir
    Path tmp;

    private static final int[][] IDS = {{3, 9, 14, 2, 7, 1}, {5, 5, 8, 0, 0, 0}};
    private static final int[][] MASK = {{1, 1, 1, 1, 1, 1}, {1, 1, 1, 0, 0, 0}};

    @Test
    void saveAndReloadGivesIdenticalLogitsAndKeepsEverything() throws Exception {
        BertConfig cfg = BertConfig.builder().setVocabSize(Fixtures.VOCAB).setHiddenSize(32).setNumHiddenLayers(2)
                .setNumAttentionHeads(4).setIntermediateSize(64).optMaxPositionEmbeddings(16)
                .optBertnerValue("tag_scheme", "BIOES").optBertnerValue("label_alignment", "first").build();
        Path out = tmp.resolve("saved");
        float[][][] before;
        try (TokenClassifierModel m = TokenClassifierModel.create(cfg, Fixtures.LABELS, Device.cpu(), 17)) {
            m.setVocabulary(Fixtures.vocabulary(Fixtures.VOCAB));
            m.setTokenizerConfig("{\"do_lower_case\": false}");
            m.putBertnerSetting("max_length", "128");
            before = m.logits(IDS, MASK);
            m.save(out);
        }
        try (TokenClassifierModel m = TokenClassifierModel.load(out, Device.cpu())) {
            float[][][] after = m.logits(IDS, MASK);
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < 6; t++) {
                    assertArrayEquals(before[b][t], after[b][t], 0f);
                }
            }
            assertEquals(Fixtures.LABELS, m.labels());
            assertEquals("BIOES", m.config().bertnerString("tag_scheme").orElseThrow());
            assertEquals("first", m.config().bertnerString("label_alignment").orElseThrow());
            assertEquals("128", m.config().bertnerString("max_length").orElseThrow());
            assertEquals(Fixtures.vocabulary(Fixtures.VOCAB), m.vocabulary().orElseThrow());
            assertEquals("{\"do_lower_case\": false}", m.tokenizerConfig().orElseThrow());
            assertEquals(List.of("BertForTokenClassification"), m.config().architectures());
            assertEquals(m.parameters().size(), m.loadReport().loadedTensors());
        }
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("config.json"))).getAsJsonObject();
        assertEquals("B-PER", json.getAsJsonObject("id2label").get("1").getAsString());
        assertEquals(4, json.getAsJsonObject("label2id").get("I-LOC").getAsInt());
        try (SafetensorsReader r = SafetensorsReader.open(out.resolve("model.safetensors"))) {
            assertEquals("pt", r.metadata().get("format"));
            assertTrue(r.tensors().containsKey("bert.encoder.layer.1.output.LayerNorm.bias"));
            assertEquals(SafetensorsDtype.F32, r.tensors().get("classifier.weight").dtype());
        }
    }

    @Test
    void legacyGammaBetaNamesAndMissingBertPrefixAreAccepted() throws Exception {
        Path ref = Fixtures.tokenClassifier(tmp.resolve("ref"), "gelu");
        RawSafetensors st = Fixtures.weights(11, Fixtures.LABELS.size(), false, true);
        for (RawSafetensors.Entry e : st.entries) {
            String n = e.name.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta");
            if (n.startsWith("bert.")) {
                n = n.substring(5);
            }
            RawSafetensors.Entry copy = new RawSafetensors.Entry(n, e.dtype, e.shape, e.bytes);
            st.entries.set(st.entries.indexOf(e), copy);
        }
        Path legacy = Fixtures.write(tmp.resolve("legacy"), Fixtures.config("gelu", Fixtures.LABELS), st);
        try (TokenClassifierModel a = TokenClassifierModel.load(ref, Device.cpu());
                TokenClassifierModel b = TokenClassifierModel.load(legacy, Device.cpu())) {
            assertArrayEquals(a.logits(IDS, MASK)[0][2], b.logits(IDS, MASK)[0][2], 0f);
            assertEquals(List.of("bert.pooler.dense.weight", "bert.pooler.dense.bias"),
                    b.loadReport().retainedTensors());
        }
    }

    @Test
    void fromBaseGivesFreshHeadKeepsPoolerAndIgnoresOtherHeads() throws Exception {
        RawSafetensors st = Fixtures.weights(11, 0, true, true);
        st.f32("bert.embeddings.position_ids", new long[] {1}, new float[] {0});
        st.f32("cls.seq_relationship.weight", new long[] {2, Fixtures.HIDDEN}, new float[2 * Fixtures.HIDDEN]);
        Path base = Fixtures.write(tmp.resolve("base"), Fixtures.config("gelu", List.of()), st);
        List<String> labels = List.of("O", "B-X", "I-X");
        Path out = tmp.resolve("out");
        try (TokenClassifierModel m = TokenClassifierModel.fromBase(base, labels, Device.cpu(), 4)) {
            assertEquals(labels, m.labels());
            assertEquals(List.of("classifier.weight", "classifier.bias"), m.loadReport().freshParameters());
            assertTrue(m.loadReport().ignoredTensors().containsAll(List.of("bert.embeddings.position_ids",
                    "cls.seq_relationship.weight", "cls.predictions.bias")), m.loadReport().toString());
            assertEquals(3, m.logits(IDS, MASK)[0][0].length);
            m.save(out);
        }
        try (SafetensorsReader saved = SafetensorsReader.open(out.resolve("model.safetensors"));
                SafetensorsReader orig = SafetensorsReader.open(base.resolve("model.safetensors"))) {
            assertEquals(orig.readFloat("bert.pooler.dense.weight"), saved.readFloat("bert.pooler.dense.weight"));
            assertEquals(orig.readFloat("bert.encoder.layer.1.output.dense.weight"),
                    saved.readFloat("bert.encoder.layer.1.output.dense.weight"));
            assertFalse(saved.tensors().containsKey("cls.seq_relationship.weight"));
        }
    }

    @Test
    void shardedCheckpointLoads() throws Exception {
        RawSafetensors all = Fixtures.weights(11, Fixtures.LABELS.size(), false, false);
        Path dir = Files.createDirectories(tmp.resolve("sharded"));
        RawSafetensors first = new RawSafetensors();
        RawSafetensors second = new RawSafetensors();
        JsonObject map = new JsonObject();
        for (int i = 0; i < all.entries.size(); i++) {
            RawSafetensors.Entry e = all.entries.get(i);
            (i % 2 == 0 ? first : second).entries.add(e);
            map.addProperty(e.name, i % 2 == 0 ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
        }
        first.write(dir.resolve("model-00001-of-00002.safetensors"));
        second.write(dir.resolve("model-00002-of-00002.safetensors"));
        JsonObject index = new JsonObject();
        index.add("weight_map", map);
        Files.writeString(dir.resolve("model.safetensors.index.json"), index.toString());
        Files.writeString(dir.resolve("config.json"), Fixtures.config("gelu", Fixtures.LABELS).toString());
        Path single = Fixtures.write(tmp.resolve("single"), Fixtures.config("gelu", Fixtures.LABELS), all);
        try (TokenClassifierModel a = TokenClassifierModel.load(dir, Device.cpu());
                TokenClassifierModel b = TokenClassifierModel.load(single, Device.cpu())) {
            assertArrayEquals(a.logits(IDS, MASK)[1][1], b.logits(IDS, MASK)[1][1], 0f);
        }
    }

    // ---- refusals: each names the file and the offending tensor/field with expected vs found ----

    private String refusal(Path dir) {
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> TokenClassifierModel.load(dir, Device.cpu()).close());
        return e.getMessage();
    }

    private Path withWeights(String name, RawSafetensors st) throws Exception {
        return Fixtures.write(tmp.resolve(name), Fixtures.config("gelu", Fixtures.LABELS), st);
    }

    private static RawSafetensors good() {
        return Fixtures.weights(11, Fixtures.LABELS.size(), false, false);
    }

    @Test
    void refusesMissingTensor() throws Exception {
        String m = refusal(withWeights("missing", good().remove("bert.encoder.layer.1.attention.self.key.bias")));
        assertTrue(m.contains("missing tensor 'bert.encoder.layer.1.attention.self.key.bias'")
                && m.contains("(expected shape (32))") && m.contains("model.safetensors"), m);
    }

    @Test
    void refusesWrongShape() throws Exception {
        RawSafetensors st = good();
        RawSafetensors.Entry e = st.get("bert.encoder.layer.0.intermediate.dense.weight");
        e.shape = new long[] {32, 64};
        String m = refusal(withWeights("shape", st));
        assertTrue(m.contains("tensor 'bert.encoder.layer.0.intermediate.dense.weight'")
                && m.contains("expected shape (64, 32), found (32, 64)"), m);
    }

    @Test
    void refusesUnsupportedDtype() throws Exception {
        RawSafetensors st = good();
        RawSafetensors.Entry e = st.get("bert.embeddings.LayerNorm.bias");
        e.dtype = "I32";
        String m = refusal(withWeights("dtype", st));
        assertTrue(m.contains("tensor 'bert.embeddings.LayerNorm.bias' has dtype I32"), m);
    }

    @Test
    void refusesTruncatedWeights() throws Exception {
        Path dir = withWeights("trunc", good());
        Path f = dir.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 100));
        String m = refusal(dir);
        assertTrue(m.contains("truncated") && m.contains("classifier.weight") && m.contains(f.toString()), m);
    }

    @Test
    void refusesHeaderPastEnd() throws Exception {
        Path dir = withWeights("header", good());
        Path f = dir.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(f);
        java.nio.ByteBuffer.wrap(all).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, all.length);
        Files.write(f, all);
        assertTrue(refusal(dir).contains("header length " + all.length + " points past the end"));
    }

    @Test
    void refusesBadJsonHeader() throws Exception {
        Path dir = withWeights("json", good());
        RawSafetensors.writeRaw(dir.resolve("model.safetensors"), "{\"a\": [1, 2,}", new byte[0]);
        assertTrue(refusal(dir).contains("invalid JSON header"));
    }

    @Test
    void refusesVocabSizeMismatch() throws Exception {
        Path dir = withWeights("vocab", good());
        Files.write(dir.resolve("vocab.txt"), Fixtures.vocabulary(Fixtures.VOCAB - 3));
        String m = refusal(dir);
        assertTrue(m.contains("vocab.txt has 37 lines but config.json vocab_size is 40"), m);
    }

    @Test
    void refusesId2labelClassifierMismatch() throws Exception {
        Path dir = Fixtures.write(tmp.resolve("labels"), Fixtures.config("gelu", List.of("O", "B-PER", "I-PER")),
                good());
        String m = refusal(dir);
        assertTrue(m.contains("tensor 'classifier.weight'") && m.contains("expected shape (3, 32), found (5, 32)")
                && m.contains("classifier has 5 rows but the label list from config.json id2label has 3 labels"), m);
    }

    @Test
    void refusesMissingConfig() throws Exception {
        Path dir = withWeights("noconfig", good());
        Files.delete(dir.resolve("config.json"));
        assertTrue(refusal(dir).contains("missing config.json in checkpoint folder " + dir));
    }

    @Test
    void refusesUnknownHiddenAct() throws Exception {
        Path dir = Fixtures.write(tmp.resolve("act"), Fixtures.config("swish", Fixtures.LABELS), good());
        String m = refusal(dir);
        assertTrue(m.contains(dir.resolve("config.json").toString()) && m.contains("field 'hidden_act'")
                && m.contains("unsupported hidden_act \"swish\"") && m.contains("gelu_new"), m);
    }

    @Test
    void refusesHeadsNotDividingHidden() throws Exception {
        JsonObject cfg = Fixtures.config("gelu", Fixtures.LABELS);
        cfg.addProperty("num_attention_heads", 5);
        String m = refusal(Fixtures.write(tmp.resolve("heads"), cfg, good()));
        assertTrue(m.contains("config.json") && m.contains("'num_attention_heads' = 5 does not divide field 'hidden_size' = 32"), m);
    }

    @Test
    void refusesPickleOnlyFolder() throws Exception {
        Path dir = withWeights("pickle", good());
        Files.delete(dir.resolve("model.safetensors"));
        Files.write(dir.resolve("model.pt"), new byte[] {'P', 'K', 3, 4});
        String m = refusal(dir);
        assertTrue(m.contains("found model.pt but no model.safetensors") && m.contains("safe_serialization"), m);
        // pytorch_model.bin is read by importer.torch.TorchCheckpoint, which refuses a broken zip
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {'P', 'K', 3, 4});
        m = refusal(dir);
        assertTrue(m.contains("pytorch_model.bin: starts like a zip archive but has no end-of-central-directory record"),
                m);
    }

    @Test
    void refusesMissingWeightsAndMissingFolder() throws Exception {
        Path dir = withWeights("noweights", good());
        Files.delete(dir.resolve("model.safetensors"));
        assertTrue(refusal(dir).contains("missing model.safetensors in checkpoint folder"));
        assertTrue(refusal(tmp.resolve("nowhere")).contains("does not exist"));
    }

    @Test
    void refusesBaseCheckpointForLoadAndNonBertModelType() throws Exception {
        Path base = Fixtures.write(tmp.resolve("base"), Fixtures.config("gelu", List.of()), good());
        assertTrue(refusal(base).contains("no id2label"));
        JsonObject cfg = Fixtures.config("gelu", Fixtures.LABELS);
        cfg.addProperty("model_type", "roberta");
        assertTrue(refusal(Fixtures.write(tmp.resolve("roberta"), cfg, good()))
                .contains("field 'model_type': expected \"bert\", found \"roberta\""));
    }

    @Test
    void refusesInconsistentLabel2id() throws Exception {
        JsonObject cfg = Fixtures.config("gelu", Fixtures.LABELS);
        cfg.getAsJsonObject("label2id").addProperty("B-PER", 2);
        String m = refusal(Fixtures.write(tmp.resolve("l2i"), cfg, good()));
        assertTrue(m.contains("'id2label' and 'label2id' disagree for \"B-PER\": id2label gives 1, label2id gives 2"), m);
    }

    @Test
    void inputValidationNamesPosition() throws Exception {
        try (TokenClassifierModel m = TokenClassifierModel.load(Fixtures.tokenClassifier(tmp, "gelu"), Device.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.logits(new int[][] {{1, 2}, {3, 40}}, new int[][] {{1, 1}, {1, 1}}));
            assertEquals("inputIds[1][1] = 40 is outside [0, 40)", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.logits(new int[][] {{1, 2}, {3}}, MASK));
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> m.logits(new int[][] {new int[25]}, new int[][] {new int[25]})).getMessage()
                    .contains("exceeds max_position_embeddings 24"));
        }
    }
}
