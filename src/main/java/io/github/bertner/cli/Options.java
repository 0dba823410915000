package io.github.bertner.cli;

import io.github.bertner.model.BertConfig;
import io.github.bertner.model.DeviceSpec;
import io.github.bertner.model.HfCheckpoint;
import io.github.bertner.model.SafetensorsReader;
import io.github.bertner.model.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Checks of option values that the commands run before reading any input, so that a typo costs
 * nothing; each failure is a {@link UsageException} naming the option, the expected range and the value.
 */
final class Options {

    private Options() {
    }

    static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new UsageException(option + ": expected at least " + min + ", found " + value);
        }
    }

    static void range(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UsageException(option + ": expected " + min + " to " + max + ", found " + value);
        }
    }

    static void positive(String option, double value) {
        if (!Double.isFinite(value) || value <= 0) {
            throw new UsageException(option + ": expected a finite number above 0, found " + value);
        }
    }

    static void nonNegative(String option, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new UsageException(option + ": expected a finite number of at least 0, found " + value);
        }
    }

    static void fraction(String option, double value) {
        if (!Double.isFinite(value) || value < 0 || value > 1) {
            throw new UsageException(option + ": expected a fraction from 0 to 1, found " + value);
        }
    }

    static void device(String value) {
        try {
            DeviceSpec.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--device: " + e.getMessage());
        }
    }

    static void exists(String option, Path path) {
        if (!Files.exists(path)) {
            throw new UsageException(option + ": expected an existing file or folder, found no " + path);
        }
    }

    static void allExist(String option, List<Path> paths) {
        for (Path p : paths) {
            exists(option, p);
        }
    }

    /**
     * Reads the {@code config.json} of a model folder; problems in it are input errors (exit 1) that
     * name the file and field.
     */
    static BertConfig modelConfig(String option, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new UsageException(option + ": expected a model folder, found " + (Files.exists(dir)
                    ? "the file " : "no ") + dir);
        }
        return HfCheckpoint.readConfig(dir);
    }

    /**
     * Checks that every float tensor of a model's {@code model.safetensors} is finite: a NaN or infinite
     * weight (left by a diverged training run) makes every prediction meaningless, and at inference it
     * surfaces far from its cause. A sharded checkpoint is left to the loader.
     */
    static void finiteWeights(Path dir) throws IOException {
        Path file = dir.resolve(HfCheckpoint.WEIGHTS_FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            for (TensorInfo t : reader.tensors().values()) {
                if (!t.dtype().isReadableAsFloat()) {
                    continue;
                }
                float[] data = reader.readFloat(t.name()).data();
                for (int i = 0; i < data.length; i++) {
                    if (!Float.isFinite(data[i])) {
                        throw new io.github.bertner.io.ReaderException(file.toString(), -1, "expected finite weights, "
                                + "found " + data[i] + " at element " + i + " of tensor '" + t.name()
                                + "' (the training run that wrote it diverged)");
                    }
                }
            }
        }
    }

    /**
     * Refuses to write a model into a folder that already holds one, unless the user asked to continue
     * it or to replace it: a second run with the same {@code --out} would otherwise destroy the first
     * model and its checkpoint without a word.
     */
    static void freshOutput(Path out, boolean resume, boolean overwrite) throws IOException {
        if (resume && overwrite) {
            throw new UsageException("--resume and --overwrite: expected at most one, found both");
        }
        if (Files.isRegularFile(out)) {
            throw new UsageException("--out: expected a folder, found the file " + out);
        }
        if (resume || overwrite || !Files.isDirectory(out)) {
            return;
        }
        List<String> present;
        try (Stream<Path> list = Files.list(out)) {
            present = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        if (!present.isEmpty()) {
            String shown = String.join(", ", present.subList(0, Math.min(5, present.size())))
                    + (present.size() > 5 ? ", ..." : "");
            throw new UsageException("--out: expected a new or empty folder, found " + out + " holding "
                    + present.size() + " entr" + (present.size() == 1 ? "y" : "ies") + " (" + shown
                    + "); pass --resume to continue that run or --overwrite to replace it");
        }
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
