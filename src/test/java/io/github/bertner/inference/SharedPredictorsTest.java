package io.github.bertner.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bertner.runtime.InferenceRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedPredictorsTest {

    @TempDir
    static Path tmp;

    private static Path modelDir;

    @BeforeAll
    static void writeModel() throws Exception {
        modelDir = TinyModels.write(tmp.resolve("model"), 32, 8, 11);
    }

    private static SharedPredictors.Spec spec(Path dir, int stride) {
        return new SharedPredictors.Spec(dir, "cpu", InferenceRuntime.PYTORCH, 8, 0, stride);
    }

    @Test
    void oneLoadPerSpecAndTheLastLeaseClosesIt() throws Exception {
        int heldBefore = SharedPredictors.held();
        long loadsBefore = NerPredictor.loadCount();
        SharedPredictors.Lease a = SharedPredictors.acquire(spec(modelDir, -1));
        // the same folder spelled differently and the device in capitals: still the same model
        SharedPredictors.Lease b = SharedPredictors.acquire(new SharedPredictors.Spec(
                modelDir.resolve("..").resolve("model"), "CPU", InferenceRuntime.PYTORCH, 8, 0, -1));
        assertSame(a.predictor(), b.predictor());
        assertEquals(loadsBefore + 1, NerPredictor.loadCount());
        assertEquals(heldBefore + 1, SharedPredictors.held());

        a.close();
        a.close(); // a second close of the same lease must not release b's hold
        assertEquals(heldBefore + 1, SharedPredictors.held());
        List<String> words = TinyModels.words(20, new Random(3));
        assertEquals(words.size(), b.predictor().predict(words).tags().size(), "still usable through b");

        b.close();
        assertEquals(heldBefore, SharedPredictors.held());
        try (SharedPredictors.Lease c = SharedPredictors.acquire(spec(modelDir, -1))) {
            assertNotSame(b.predictor(), c.predictor(), "after the last lease a new user loads afresh");
            assertEquals(loadsBefore + 2, NerPredictor.loadCount());
        }
    }

    @Test
    void settingsFixedAtLoadTimeGiveSeparatePredictors() throws Exception {
        long loadsBefore = NerPredictor.loadCount();
        try (SharedPredictors.Lease a = SharedPredictors.acquire(spec(modelDir, -1));
             SharedPredictors.Lease b = SharedPredictors.acquire(spec(modelDir, 4))) {
            assertNotSame(a.predictor(), b.predictor());
            assertEquals(8, a.predictor().settings().stride());
            assertEquals(4, b.predictor().settings().stride());
            assertEquals(loadsBefore + 2, NerPredictor.loadCount());
        }
    }

    @Test
    void aFailedLoadLeavesNothingHeld() {
        int heldBefore = SharedPredictors.held();
        Path missing = tmp.resolve("no-such-model");
        for (int attempt = 0; attempt < 2; attempt++) {
            // each user gets the loader's own error, naming the folder
            Exception e = assertThrows(Exception.class, () -> SharedPredictors.acquire(spec(missing, -1)));
            assertTrue(e instanceof IOException || e instanceof IllegalArgumentException, e.toString());
            assertTrue(e.getMessage().contains("no-such-model"), e.getMessage());
            assertEquals(heldBefore, SharedPredictors.held());
        }
    }
}
