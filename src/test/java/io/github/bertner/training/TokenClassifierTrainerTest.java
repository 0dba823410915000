package io.github.bertner.training;

import ai.djl.Device;
import io.github.bertner.eval.EvaluationResult;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tagging.TagScheme;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("slow")
class TokenClassifierTrainerTest {

    private static final List<LabeledSentence> TRAIN = TinyData.sentences(64, 1);
    private static final List<LabeledSentence> DEV = TinyData.sentences(20, 2);

    private static TokenClassifierTrainer.Builder trainer(Path out, long seed, int epochs, boolean resume,
                                                          ProgressListener listener) {
        TrainingConfig c = TrainingConfig.builder(out).optEpochs(epochs).optLearningRate(5e-3).optWarmupRatio(0.1)
                .optSeed(seed).optCheckpointEvery(3).optResume(resume).build();
        return TokenClassifierTrainer.builder().setConfig(c).setTrainData(TRAIN).optDevData(DEV)
                .optModelConfig(TinyData.tinyConfig()).optVocabSize(120).optBatchSize(8).optMaxBatchTokens(256)
                .optMaxLength(32).optTagScheme(TagScheme.BIOES).optListener(listener);
    }

    private static Path weightFile(Path out) {
        return out.resolve(TrainingLoop.CHECKPOINT_DIR).resolve("model").resolve("model.safetensors");
    }

    private static byte[] finalWeights(Path out) throws Exception {
        return Files.readAllBytes(out.resolve(TrainingLoop.CHECKPOINT_DIR).resolve("model").resolve("model.safetensors"));
    }

    @Test
    void trainsSavesLoadsAndEvaluates(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("model");
        TrainerState s = trainer(out, 7, 4, false, new ProgressListener() { }).build().train();
        assertEquals(4, s.history().size());
        assertTrue(s.bestScore() > 0.5, "dev strict F1 after 4 tiny epochs: " + s.bestScore());
        for (String f : List.of("config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        assertTrue(Files.exists(out.resolve(TrainingLoop.DEV_REPORT_DIR).resolve("report.json")));
        assertTrue(Files.exists(out.resolve(TrainingLoop.DEV_REPORT_DIR).resolve("report.html")));
        String config = Files.readString(out.resolve("config.json"));
        assertTrue(config.contains("\"tag_scheme\": \"BIOES\""), config);
        assertTrue(config.contains("\"label_alignment\": \"FIRST\""), config);
        // default stride for 32-piece windows is a quarter window; the tagger must use what training used
        assertTrue(config.contains("\"stride\": \"8\""), config);
        try (io.github.bertner.inference.NerPredictor p = io.github.bertner.inference.NerPredictor.builder(out)
                .optDevice("cpu").build()) {
            assertEquals(32, p.encoder().maxLength());
            assertEquals(8, p.encoder().stride());
        }
        String provenance = Files.readString(out.resolve(TrainingProvenance.FILE_NAME));
        assertTrue(provenance.contains("\"stride\": 8"), provenance);
        assertTrue(provenance.contains("\"best_dev_score\": " + s.bestScore()), provenance);
        assertTrue(provenance.contains("\"seed\": 7"), provenance);
        try (TokenClassifierModel m = TokenClassifierModel.load(out, Device.cpu())) {
            assertTrue(m.labels().contains("S-LOC"), m.labels().toString());
            EvaluationResult r = ModelEvaluation.evaluate(m, DEV, new io.github.bertner.inference.BatchBudget(16, 512));
            assertEquals(s.bestScore(), r.strict().micro().f1(), 1e-9, "reloaded best model reproduces the best dev F1");
        }
    }

    @Test
    void resumeAfterCrashReachesTheSameWeights(@TempDir Path dir) throws Exception {
        Path full = dir.resolve("full");
        trainer(full, 3, 2, false, new ProgressListener() { }).build().train();
        Path crashed = dir.resolve("crashed");
        ProgressListener crash = new ProgressListener() {
            @Override
            public void onStep(Step s) {
                if (s.step() == 11) {
                    throw new IllegalStateException("injected crash");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> trainer(crashed, 3, 2, false, crash).build().train());
        List<Long> resumedAt = new ArrayList<>();
        trainer(crashed, 3, 2, true, new ProgressListener() {
            @Override
            public void onResume(int epoch, int batch, long step) {
                resumedAt.add(step);
            }
        }).build().train();
        assertEquals(List.of(9L), resumedAt, "resumed from the last checkpoint before the crash");
        assertEquals("identical", WeightFiles.describeDifference(weightFile(full), weightFile(crashed)),
                "resumed run equals the uninterrupted run");
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights(@TempDir Path dir) throws Exception {
        trainer(dir.resolve("a"), 5, 1, false, new ProgressListener() { }).build().train();
        trainer(dir.resolve("b"), 5, 1, false, new ProgressListener() { }).build().train();
        trainer(dir.resolve("c"), 6, 1, false, new ProgressListener() { }).build().train();
        assertEquals("identical", WeightFiles.describeDifference(weightFile(dir.resolve("a")),
                weightFile(dir.resolve("b"))), "same seed, same weights");
        assertFalse(java.util.Arrays.equals(finalWeights(dir.resolve("a")), finalWeights(dir.resolve("c"))));
    }
}
