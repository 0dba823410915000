package io.github.bertner.training;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.bertner.model.FloatTensor;
import io.github.bertner.model.HfCheckpoint;
import io.github.bertner.model.SafetensorsReader;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tokenization.BertWordPieceTokenizer;
import io.github.bertner.tokenization.TokenizerSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MLM pretraining with the body frozen, after a vocabulary transfer or on the base's own vocabulary. */
class FrozenBodyPretrainingTest {

    private static final String WORDS = io.github.bertner.model.BertKeys.BERT
            + io.github.bertner.model.BertKeys.WORD_EMBEDDINGS;

    @TempDir
    static Path dir;
    private static Path base;
    private static Path baseWithHead;
    private static Path vocab;

    @BeforeAll
    static void fixtures() throws IOException {
        TransferFixtures.Folders folders = TransferFixtures.write(dir);
        base = folders.base();
        baseWithHead = folders.baseWithHead();
        vocab = folders.vocabulary();
    }

    private static MlmPretrainer.Builder pretrainer(Path out, Path from, boolean newVocab, boolean resume,
                                                    ProgressListener listener) {
        TrainingConfig c = TrainingConfig.builder(out).optEpochs(1).optMaxSteps(4).optLearningRate(1e-2)
                .optWarmupRatio(0).optCheckpointEvery(2).optSeed(11).optResume(resume).build();
        MlmPretrainer.Builder b = MlmPretrainer.builder().setConfig(c).setText(TransferFixtures.TEXT)
                .optBaseModel(from).optFreezeBody(true).optMaxLength(8).optBatchSize(1).optMaskRate(0.3)
                .optListener(listener);
        return newVocab ? b.optNewVocabulary(vocab) : b;
    }

    /** Tensors under the names of a BertForMaskedLM (bare BertModel names get the bert. prefix). */
    private static Map<String, FloatTensor> tensors(Path model) throws IOException {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        try (SafetensorsReader r = SafetensorsReader.open(model.resolve(HfCheckpoint.WEIGHTS_FILE))) {
            for (String name : r.tensors().keySet()) {
                out.put(name.startsWith("embeddings.") || name.startsWith("encoder.") || name.startsWith("pooler.")
                        ? "bert." + name : name, r.readFloat(name));
            }
        }
        return out;
    }

    private static void assertBodyUnchanged(Map<String, FloatTensor> before, Map<String, FloatTensor> after) {
        int body = 0;
        for (Map.Entry<String, FloatTensor> e : before.entrySet()) {
            if (e.getKey().startsWith("bert.") && !e.getKey().equals(WORDS)) {
                assertArrayEquals(e.getValue().data(), after.get(e.getKey()).data(), e.getKey() + " kept bit for bit");
                body++;
            }
        }
        assertTrue(body > 10, "body tensors compared: " + body);
    }

    @Test
    void aFrozenBodyTrainsOnlyTheNewEmbeddingsAndTheHead() throws IOException {
        Path out = dir.resolve("frozen");
        MlmPretrainer p = pretrainer(out, base, true, false, new ProgressListener() { }).build();
        TrainerState s = p.train();
        assertEquals(4, s.step());
        assertEquals("copied 7, transliterated 4, fallback 5 of 16 entries", p.transferReport().orElseThrow().describe());

        Map<String, FloatTensor> trained = tensors(out);
        assertBodyUnchanged(tensors(base), trained);
        Map<String, FloatTensor> init = tensors(out.resolve(MlmPretrainer.TRANSFER_DIR));
        assertFalse(java.util.Arrays.equals(init.get(WORDS).data(), trained.get(WORDS).data()),
                "the word embeddings were trained");
        assertTrue(trained.containsKey("cls.predictions.transform.dense.weight"), "a fresh head was added");

        Set<String> trainable = new TreeSet<>(List.of(WORDS, "cls.predictions.bias",
                "cls.predictions.transform.dense.weight", "cls.predictions.transform.dense.bias",
                "cls.predictions.transform.LayerNorm.weight", "cls.predictions.transform.LayerNorm.bias"));
        Set<String> moments = new TreeSet<>();
        OptimizerState.read(out.resolve("checkpoint").resolve("optimizer.bin")).tensors().keySet()
                .forEach(k -> moments.add(k.substring(2)));
        assertEquals(trainable, moments, "the optimizer holds state for the trainable parameters only");

        assertEquals(TransferFixtures.NEW_VOCAB, Files.readAllLines(out.resolve("vocab.txt"), StandardCharsets.UTF_8));
        assertEquals(TokenizerSettings.cased(), BertWordPieceTokenizer.load(out).settings());
        try (TokenClassifierModel m = TokenClassifierModel.fromBase(out, List.of("O", "B-LOC", "I-LOC"), Device.cpu(),
                1)) {
            assertEquals(TransferFixtures.NEW_VOCAB, m.vocabulary().orElseThrow());
            assertEquals(List.of("classifier.weight", "classifier.bias"), m.loadReport().freshParameters());
        }
        JsonObject prov = JsonParser.parseString(Files.readString(out.resolve(TrainingProvenance.FILE_NAME),
                StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(4, prov.getAsJsonObject(VocabularyTransfer.PROVENANCE_SECTION).get("transliterated").getAsInt());
        assertTrue(prov.getAsJsonObject("mlm_pretraining").get("freeze_body").getAsBoolean());
        assertEquals(6, prov.getAsJsonObject("mlm_pretraining").getAsJsonArray("trainable_parameters").size());
        assertEquals(1, prov.getAsJsonObject("corpora").size());
    }

    @Test
    void aFrozenRunResumedAfterACrashEndsWithTheSameWeights() throws IOException {
        Path full = dir.resolve("full");
        pretrainer(full, base, true, false, new ProgressListener() { }).build().train();
        Path crashed = dir.resolve("crashed");
        ProgressListener crash = new ProgressListener() {
            @Override
            public void onStep(Step s) {
                if (s.step() == 3) {
                    throw new IllegalStateException("injected crash");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> pretrainer(crashed, base, true, false, crash).build().train());
        List<Long> resumedAt = new ArrayList<>();
        pretrainer(crashed, base, true, true, new ProgressListener() {
            @Override
            public void onResume(int epoch, int batch, long step) {
                resumedAt.add(step);
            }
        }).build().train();
        assertEquals(List.of(2L), resumedAt);
        assertArrayEquals(Files.readAllBytes(full.resolve(HfCheckpoint.WEIGHTS_FILE)),
                Files.readAllBytes(crashed.resolve(HfCheckpoint.WEIGHTS_FILE)));
        assertBodyUnchanged(tensors(base), tensors(crashed));
    }

    @Test
    void freezingWithoutANewVocabularyKeepsTheBaseVocabularyAndBody() throws IOException {
        Path out = dir.resolve("frozen-own-vocab");
        MlmPretrainer p = pretrainer(out, baseWithHead, false, false, new ProgressListener() { }).build();
        p.train();
        assertTrue(p.transferReport().isEmpty());
        Map<String, FloatTensor> before = tensors(baseWithHead);
        Map<String, FloatTensor> after = tensors(out);
        assertBodyUnchanged(before, after);
        assertFalse(java.util.Arrays.equals(before.get(WORDS).data(), after.get(WORDS).data()));
        assertFalse(java.util.Arrays.equals(before.get("cls.predictions.transform.dense.weight").data(),
                after.get("cls.predictions.transform.dense.weight").data()), "the base's head is trained");
        assertEquals(TransferFixtures.BASE_VOCAB, Files.readAllLines(out.resolve("vocab.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void frozenParametersRecordNoGradient() {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
            io.github.bertner.model.BertForMaskedLM block = new io.github.bertner.model.BertForMaskedLM(
                    TransferFixtures.baseConfig(), 5);
            block.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 1),
                    new ai.djl.ndarray.types.Shape(1, 1));
            Set<String> trainable = MlmPretrainer.trainableParameters(block, true);
            assertEquals(6, trainable.size());
            block.hfParameters().forEach((name, p) -> {
                assertEquals(trainable.contains(name), p.requiresGradient(), name);
                assertEquals(trainable.contains(name), p.getArray().hasGradient(), name);
            });
            assertEquals(block.hfParameters().keySet(), MlmPretrainer.trainableParameters(
                    new io.github.bertner.model.BertForMaskedLM(TransferFixtures.baseConfig(), 5), false));
        }
    }

    @Test
    void freezingOrANewVocabularyNeedsABase() {
        TrainingConfig c = TrainingConfig.builder(dir.resolve("none")).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MlmPretrainer.builder()
                .setConfig(c).setText(TransferFixtures.TEXT).optFreezeBody(true).build());
        assertTrue(e.getMessage().contains("base"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MlmPretrainer.builder().setConfig(c)
                .setText(TransferFixtures.TEXT).optNewVocabulary(vocab).build());
        assertTrue(e.getMessage().contains("new vocabulary"), e.getMessage());
    }
}
