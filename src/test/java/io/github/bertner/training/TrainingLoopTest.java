package io.github.bertner.training;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingLoopTest {

    private static TrainingConfig config(Path out, long seed, boolean resume) {
        return TrainingConfig.builder(out).optEpochs(3).optLearningRate(0.01).optWarmupRatio(0.2)
                .optSeed(seed).optCheckpointEvery(4).optResume(resume).build();
    }

    private static float[] train(Path out, long seed) throws Exception {
        try (ToyTask task = new ToyTask(1, seed, 7)) {
            new TrainingLoop(config(out, seed, false), task, new ProgressListener() { }).run();
            return task.weights();
        }
    }

    @Test
    @Tag("slow")
    void sameSeedSameWeightsDifferentSeedDifferent(@TempDir Path dir) throws Exception {
        float[] a = train(dir.resolve("a"), 11);
        float[] b = train(dir.resolve("b"), 11);
        float[] c = train(dir.resolve("c"), 12);
        assertArrayEquals(a, b, 0f);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    @Tag("slow")
    void resumeAfterCrashGivesTheUninterruptedWeights(@TempDir Path dir) throws Exception {
        float[] full = train(dir.resolve("full"), 5);
        Path out = dir.resolve("crashed");
        List<Long> checkpoints = new ArrayList<>();
        try (ToyTask task = new ToyTask(1, 5, 7)) {
            ProgressListener crash = new ProgressListener() {
                @Override
                public void onStep(Step s) {
                    if (s.step() == 10) {
                        throw new IllegalStateException("injected crash");
                    }
                }

                @Override
                public void onCheckpoint(Path d, long step) {
                    checkpoints.add(step);
                }
            };
            assertThrows(IllegalStateException.class, () -> new TrainingLoop(config(out, 5, false), task, crash).run());
        }
        // checkpoint at step 4 and at the end of epoch 1 (step 6) and step 8, none after the crash at 10
        assertEquals(List.of(4L, 6L, 8L), checkpoints);
        float[] resumed;
        List<Integer> resumedAt = new ArrayList<>();
        // different initial weights: the checkpoint must overwrite them
        try (ToyTask task = new ToyTask(1, 5, 99)) {
            TrainerState s = new TrainingLoop(config(out, 5, true), task, new ProgressListener() {
                @Override
                public void onResume(int epoch, int batch, long step) {
                    resumedAt.add(epoch);
                    resumedAt.add(batch);
                    resumedAt.add((int) step);
                }
            }).run();
            resumed = task.weights();
            assertEquals(3, s.history().size());
            assertEquals(18, s.step());
        }
        assertEquals(List.of(1, 2, 8), resumedAt);
        assertArrayEquals(full, resumed, 0f);
        assertTrue(Files.exists(out.resolve("toy.params")), "best model at the output root");
        assertTrue(Files.exists(out.resolve(TrainingLoop.DEV_REPORT_DIR).resolve("eval.json")));
        assertTrue(Files.exists(out.resolve("eval").resolve("epoch-3").resolve("eval.json")));
        assertTrue(Files.exists(out.resolve(TrainingLoop.SUMMARY_FILE)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachEpochRecordsItsGradientNormsAndSkippedSteps(@TempDir Path dir) throws Exception {
        try (ToyTask task = new ToyTask(1, 3, 7)) {
            task.poisonStep = 7;
            TrainerState s = new TrainingLoop(config(dir.resolve("g"), 3, false), task, new ProgressListener() { }).run();
            assertEquals(1, s.skippedUpdates());
            assertEquals(3, s.history().size());
            long applied = 0;
            for (int e = 0; e < 3; e++) {
                java.util.Map<String, Object> g = (java.util.Map<String, Object>) s.history().get(e).get("gradient_norm");
                double max = (Double) g.get("max");
                double mean = (Double) g.get("mean");
                assertTrue(max > 0 && mean > 0 && mean <= max, g.toString());
                long maxStep = (Long) g.get("max_step");
                assertTrue(maxStep >= 6L * e && maxStep < 6L * (e + 1), "the maximum lies in its epoch: " + g);
                applied += (Long) g.get("applied");
                assertEquals(e == 1 ? List.of(7L) : List.of(), g.get("skipped_steps"), g.toString());
                assertEquals(e == 1 ? 1L : 0L, g.get("skipped"));
                assertEquals(e == 1 ? 1L : 0L, g.get("recomputed"), "a persistent fault is computed twice, then skipped");
                assertEquals(List.of(), g.get("recovered_steps"));
            }
            assertEquals(17, applied, "18 updates, one dropped");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTransientNaNGradientIsComputedAgainAndTheUpdateKept(@TempDir Path dir) throws Exception {
        float[] clean = train(dir.resolve("clean"), 3);
        try (ToyTask task = new ToyTask(1, 3, 7)) {
            task.poisonStep = 7;
            task.poisonAttempts = 1;
            TrainerState s = new TrainingLoop(config(dir.resolve("t"), 3, false), task, new ProgressListener() { }).run();
            assertEquals(0, s.skippedUpdates());
            java.util.Map<String, Object> g = (java.util.Map<String, Object>) s.history().get(1).get("gradient_norm");
            assertEquals(1L, g.get("recomputed"));
            assertEquals(List.of(7L), g.get("recovered_steps"));
            assertEquals(6L, g.get("applied"));
            // same dropout masks and a clean gradient the second time: the run is the run without the fault
            assertArrayEquals(clean, task.weights(), 0f);
        }
    }

    @Test
    void resumeRefusesAnotherSeed(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("x");
        train(out, 3);
        try (ToyTask task = new ToyTask(1, 4, 7)) {
            Exception e = assertThrows(java.io.IOException.class,
                    () -> new TrainingLoop(config(out, 4, true), task, new ProgressListener() { }).run());
            assertTrue(e.getMessage().contains("seed 3"), e.getMessage());
        }
    }

    @Test
    @Tag("slow")
    void stepCapAndEarlyStopEndTheRun(@TempDir Path dir) throws Exception {
        try (ToyTask task = new ToyTask(1, 1, 7)) {
            TrainingConfig c = TrainingConfig.builder(dir.resolve("cap")).optEpochs(5).optMaxSteps(8).optLearningRate(0.01).build();
            TrainerState s = new TrainingLoop(c, task, new ProgressListener() { }).run();
            assertEquals(8, s.step());
            assertEquals(2, s.history().size(), "one full epoch and one partial epoch, both evaluated");
        }
        try (ToyTask task = new ToyTask(1, 1, 7)) {
            // learning rate tiny: no improvement is guaranteed impossible to measure, so use lr that diverges upward
            TrainingConfig c = TrainingConfig.builder(dir.resolve("stop")).optEpochs(20).optLearningRate(1e-9)
                    .optWarmupRatio(0).optPatience(1).build();
            TrainerState s = new TrainingLoop(c, task, new ProgressListener() { }).run();
            assertTrue(s.history().size() < 20, "early stopping after " + s.history().size() + " epochs");
        }
    }
}
