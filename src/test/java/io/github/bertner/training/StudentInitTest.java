package io.github.bertner.training;

import ai.djl.Device;
import io.github.bertner.model.BertConfig;
import io.github.bertner.model.CheckpointException;
import io.github.bertner.model.FloatTensor;
import io.github.bertner.model.HfCheckpoint;
import io.github.bertner.model.SafetensorsReader;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tokenization.TokenizerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudentInitTest {

    static final List<String> LABELS = List.of("O", "B-LOC", "I-LOC", "B-PER", "I-PER");

    /** A random 3-layer token classifier folder with a 100-piece vocabulary. */
    static Path teacher(Path dir) throws Exception {
        BertConfig c = TinyData.tinyConfig().toBuilder().setNumHiddenLayers(3).build();
        List<String> vocab = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (int i = vocab.size(); i < c.vocabSize(); i++) {
            vocab.add("w" + i);
        }
        try (TokenClassifierModel m = TokenClassifierModel.create(c, LABELS, Device.cpu(), 5)) {
            m.setVocabulary(vocab);
            m.setTokenizerConfig(TokenizerSettings.cased().toJson());
            m.save(dir);
        }
        return dir;
    }

    private static Map<String, FloatTensor> weights(Path dir) throws Exception {
        Map<String, FloatTensor> out = new java.util.LinkedHashMap<>();
        try (SafetensorsReader r = SafetensorsReader.open(dir.resolve(HfCheckpoint.WEIGHTS_FILE))) {
            for (String n : r.tensors().keySet()) {
                out.put(n, r.readFloat(n));
            }
        }
        return out;
    }

    @Test
    void evenlySpreadLayersEndWithTheLast() {
        assertArrayEquals(new int[] {2, 5, 8, 11}, StudentInit.evenlySpread(12, 4));
        assertArrayEquals(new int[] {1, 3, 5}, StudentInit.evenlySpread(6, 3));
        assertArrayEquals(new int[] {0, 1, 2}, StudentInit.evenlySpread(3, 3));
        assertArrayEquals(new int[] {11}, StudentInit.evenlySpread(12, 1));
        assertThrows(IllegalArgumentException.class, () -> StudentInit.evenlySpread(12, 13));
        assertThrows(IllegalArgumentException.class, () -> StudentInit.evenlySpread(12, 0));
    }

    @Test
    void copiesEmbeddingsChosenLayersAndHeadExactly(@TempDir Path dir) throws Exception {
        Path t = teacher(dir.resolve("t"));
        Path s = dir.resolve("s");
        BertConfig sc = StudentInit.write(t, new int[] {0, 2}, s);
        assertEquals(2, sc.numHiddenLayers());
        assertEquals(2, HfCheckpoint.readConfig(s).numHiddenLayers());
        assertEquals(LABELS, HfCheckpoint.readConfig(s).labels());
        assertEquals(Files.readAllLines(t.resolve("vocab.txt")), Files.readAllLines(s.resolve("vocab.txt")));
        Map<String, FloatTensor> tw = weights(t);
        Map<String, FloatTensor> sw = weights(s);
        int layerTensors = 0;
        for (Map.Entry<String, FloatTensor> e : sw.entrySet()) {
            String name = e.getKey();
            String source = name.replace("encoder.layer.1.", "encoder.layer.2.");
            if (name.contains("encoder.layer.")) {
                layerTensors++;
            }
            assertEquals(tw.get(source), e.getValue(), name + " equals the teacher's " + source);
        }
        assertTrue(sw.keySet().stream().noneMatch(n -> n.contains("encoder.layer.2.")), sw.keySet().toString());
        assertTrue(sw.containsKey("classifier.weight") && sw.containsKey("bert.embeddings.word_embeddings.weight"));
        long teacherLayer0 = tw.keySet().stream().filter(n -> n.contains("encoder.layer.0.")).count();
        assertEquals(2 * teacherLayer0, layerTensors);
    }

    @Test
    void aStudentWithEveryLayerIsTheTeacher(@TempDir Path dir) throws Exception {
        Path t = teacher(dir.resolve("t"));
        Path s = dir.resolve("s");
        StudentInit.write(t, new int[] {0, 1, 2}, s);
        int[][] ids = {{2, 17, 40, 93, 3}, {2, 8, 3, 0, 0}};
        int[][] mask = {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}};
        try (TokenClassifierModel a = TokenClassifierModel.load(t, Device.cpu());
             TokenClassifierModel b = TokenClassifierModel.load(s, Device.cpu())) {
            float[][][] la = a.logits(ids, mask);
            float[][][] lb = b.logits(ids, mask);
            for (int i = 0; i < la.length; i++) {
                for (int j = 0; j < la[i].length; j++) {
                    assertArrayEquals(la[i][j], lb[i][j], 0f, "position " + i + "/" + j);
                }
            }
        }
    }

    @Test
    void refusesBadLayersAndModelsWithoutLabels(@TempDir Path dir) throws Exception {
        Path t = teacher(dir.resolve("t"));
        assertThrows(IllegalArgumentException.class, () -> StudentInit.write(t, new int[] {2, 1}, dir.resolve("a")));
        assertThrows(IllegalArgumentException.class, () -> StudentInit.write(t, new int[] {0, 3}, dir.resolve("b")));
        String config = Files.readString(t.resolve("config.json"));
        Path noLabels = dir.resolve("bare");
        Files.createDirectories(noLabels);
        Files.copy(t.resolve("model.safetensors"), noLabels.resolve("model.safetensors"));
        Files.writeString(noLabels.resolve("config.json"), config.replaceAll("(?s)\"id2label\": \\{.*?\\},", "")
                .replaceAll("(?s)\"label2id\": \\{.*?\\},", ""));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> StudentInit.write(noLabels, new int[] {0}, dir.resolve("c")));
        assertTrue(e.getMessage().contains("id2label"), e.getMessage());
    }

    /** A random model of another depth and width sharing {@link #teacher}'s vocabulary, with a head of other labels. */
    static Path otherBase(Path teacherDir, Path dir, TokenizerSettings tokenizer) throws Exception {
        BertConfig c = TinyData.tinyConfig().toBuilder().setNumHiddenLayers(1).setHiddenSize(16)
                .setIntermediateSize(48).build();
        try (TokenClassifierModel m = TokenClassifierModel.create(c, List.of("O", "B-X"), Device.cpu(), 9)) {
            m.setVocabulary(Files.readAllLines(teacherDir.resolve("vocab.txt")));
            m.setTokenizerConfig(tokenizer.toJson());
            m.save(dir);
        }
        return dir;
    }

    @Test
    void aStudentFromAnotherModelKeepsItsEncoderAndTakesTheTeachersLabelsAndSettings(@TempDir Path dir)
            throws Exception {
        Path t = teacher(dir.resolve("t"));
        BertConfig tc = HfCheckpoint.readConfig(t);
        Files.writeString(t.resolve("config.json"), tc.toBuilder().optBertnerValue("context", "DOCUMENT")
                .optBertnerValue("tag_scheme", "IOB2").build().toJsonString());
        Path base = otherBase(t, dir.resolve("base"), TokenizerSettings.cased());
        Path s = dir.resolve("s");
        BertConfig sc = StudentInit.fromModel(base, t, s, 3);
        assertEquals(1, sc.numHiddenLayers());
        assertEquals(16, sc.hiddenSize());
        BertConfig read = HfCheckpoint.readConfig(s);
        assertEquals(LABELS, read.labels());
        assertEquals("DOCUMENT", read.bertnerString("context").orElseThrow());
        assertEquals(List.of("BertForTokenClassification"), read.architectures());
        Map<String, FloatTensor> bw = weights(base);
        Map<String, FloatTensor> sw = weights(s);
        for (Map.Entry<String, FloatTensor> e : bw.entrySet()) {
            if (e.getKey().startsWith("classifier.")) {
                continue;
            }
            assertEquals(e.getValue(), sw.get(e.getKey()), e.getKey() + " is the base's");
        }
        FloatTensor w = sw.get("classifier.weight");
        assertArrayEquals(new long[] {LABELS.size(), 16}, w.shape());
        assertArrayEquals(new float[LABELS.size()], sw.get("classifier.bias").data(), 0f);
        double sq = 0;
        for (float v : w.data()) {
            sq += v * v;
        }
        double sd = Math.sqrt(sq / w.data().length);
        assertTrue(sd > 0.01 && sd < 0.03, "fresh head drawn with sd initializer_range 0.02, found " + sd);
        assertEquals(bw.size(), sw.size(), "every base tensor, the 2-label head replaced by a 5-label one");
        StudentInit.fromModel(base, t, dir.resolve("s2"), 3);
        assertEquals(w, weights(dir.resolve("s2")).get("classifier.weight"), "the fresh head depends on the seed only");
        try (TokenClassifierModel trainerStart = TokenClassifierModel.fromBase(base, LABELS, Device.cpu(), 3)) {
            trainerStart.save(dir.resolve("fresh"));
        }
        assertEquals(weights(dir.resolve("fresh")).get("classifier.weight"), w,
                "the same fresh head as `train --base` with this seed");
        try (TokenClassifierModel m = TokenClassifierModel.load(s, Device.cpu())) {
            float[][][] logits = m.logits(new int[][] {{2, 17, 40, 3}}, new int[][] {{1, 1, 1, 1}});
            assertEquals(LABELS.size(), logits[0][0].length);
            assertEquals(Files.readAllLines(t.resolve("vocab.txt")), m.vocabulary().orElseThrow());
        }
    }

    @Test
    void aStudentBaseWithAnotherVocabularyOrCasingIsRefusedNamingTheDifference(@TempDir Path dir) throws Exception {
        Path t = teacher(dir.resolve("t"));
        Path base = otherBase(t, dir.resolve("base"), TokenizerSettings.cased());
        List<String> vocab = new ArrayList<>(Files.readAllLines(base.resolve("vocab.txt")));
        vocab.set(6, "other");
        Files.write(base.resolve("vocab.txt"), vocab);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> StudentInit.fromModel(base, t, dir.resolve("s"), 1));
        assertTrue(e.getMessage().contains("vocab.txt line 7: expected the teacher's piece 'w6'")
                && e.getMessage().contains("found 'other'"), e.getMessage());
        Path uncased = otherBase(t, dir.resolve("uncased"), TokenizerSettings.uncased());
        e = assertThrows(CheckpointException.class, () -> StudentInit.checkBase(uncased, t));
        assertTrue(e.getMessage().contains("expected the teacher's casing (do_lower_case false")
                && e.getMessage().contains("found do_lower_case true"), e.getMessage());
    }
}
