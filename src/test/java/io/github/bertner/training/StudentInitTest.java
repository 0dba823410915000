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
}
