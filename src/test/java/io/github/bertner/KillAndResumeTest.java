package io.github.bertner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.bertner.cli.Main;
import io.github.bertner.training.WeightFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A training process killed with SIGKILL in the middle of an epoch resumes from its last checkpoint and
 * ends with exactly the weights of an uninterrupted run with the same seed.
 */
@Tag("slow")
class KillAndResumeTest {

    private static final int EPOCHS = 6;

    private static List<String> trainArgs(Path train, Path out) {
        return List.of("train", "--format", "conll2003", "--train", train.toString(), "--preset", "tiny",
                "--vocab-size", "200", "--max-length", "48", "--epochs", String.valueOf(EPOCHS), "--batch-size", "8",
                "--lr", "3e-3", "--seed", "11", "--checkpoint-every", "4", "--out", out.toString());
    }

    private static void runInProcess(List<String> args) {
        StringWriter log = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(log, true));
        cl.setErr(new PrintWriter(log, true));
        assertEquals(0, cl.execute(args.toArray(String[]::new)), log.toString());
    }

    private static JsonObject state(Path out) {
        Path f = out.resolve("checkpoint").resolve("trainer_state.json");
        try {
            return Files.exists(f) ? JsonParser.parseString(Files.readString(f)).getAsJsonObject() : null;
        } catch (Exception partialOrSwapped) {
            return null;
        }
    }

    @Test
    void killedMidEpochResumesToTheSameWeights(@TempDir Path dir) throws Exception {
        Path train = SyntheticConll.write(dir, 6, 5);
        Path full = dir.resolve("full");
        runInProcess(trainArgs(train, full));

        Path killed = dir.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(trainArgs(train, killed));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        long killedAtStep = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && child.isAlive()) {
            JsonObject s = state(killed);
            // kill once a checkpoint exists that lies inside an epoch, not at its end
            if (s != null && s.get("batch").getAsInt() > 0 && s.get("epoch").getAsInt() >= 1) {
                killedAtStep = s.get("step").getAsLong();
                child.destroyForcibly();
                break;
            }
            Thread.sleep(5);
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertTrue(killedAtStep > 0, "the child was killed mid-epoch; its log:\n"
                + Files.readString(dir.resolve("child.log")));
        JsonObject atKill = state(killed);
        assertTrue(atKill != null && !atKill.get("finished").getAsBoolean()
                && atKill.get("step").getAsLong() < atKill.get("totalSteps").getAsLong(), "killed before the end");

        List<String> resume = new ArrayList<>(trainArgs(train, killed));
        resume.add("--resume");
        runInProcess(resume);
        assertTrue(state(killed).get("finished").getAsBoolean());
        Path weights = Path.of("checkpoint", "model", "model.safetensors");
        assertEquals("identical", WeightFiles.describeDifference(full.resolve(weights), killed.resolve(weights)),
                "resumed run (killed at or after step " + killedAtStep + ") equals the uninterrupted run");
    }
}
