package io.github.bertner.training;

import io.github.bertner.model.BertConfig;
import io.github.bertner.model.BertKeys;
import io.github.bertner.model.CheckpointException;
import io.github.bertner.model.FloatTensor;
import io.github.bertner.model.HfCheckpoint;
import io.github.bertner.model.SafetensorsReader;
import io.github.bertner.model.SafetensorsWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a distillation student from a fine-tuned teacher folder: the same embeddings, vocabulary, tokenizer,
 * label set and bertner settings, a subset of the teacher's encoder layers (renumbered from 0), and the
 * teacher's classifier. Starting from the teacher's own weights, not a random init, is what lets a shallow
 * student reach the teacher's accuracy in a few epochs (DistilBERT takes every other layer; with fewer layers
 * evenly spread ones keep both low- and high-level features). Works on the files only, so it is plain Java.
 */
public final class StudentInit {

    private static final Logger LOG = LoggerFactory.getLogger(StudentInit.class);

    private StudentInit() {
    }

    /**
     * Teacher layers spread evenly over the depth, always ending with the last one: for 4 of 12 layers
     * {@code [2, 5, 8, 11]}.
     *
     * @param teacherLayers number of teacher layers
     * @param studentLayers number of student layers, 1 to {@code teacherLayers}
     * @return 0-based teacher layer indices in increasing order
     */
    public static int[] evenlySpread(int teacherLayers, int studentLayers) {
        if (studentLayers < 1 || studentLayers > teacherLayers) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "expected 1 to %d student layers, found %d", teacherLayers, studentLayers));
        }
        int[] out = new int[studentLayers];
        for (int j = 0; j < studentLayers; j++) {
            out[j] = (int) Math.round((j + 1) * (double) teacherLayers / studentLayers) - 1;
        }
        return out;
    }

    /**
     * Writes the student folder.
     *
     * @param teacherDir fine-tuned token-classification folder (config.json with id2label, model.safetensors)
     * @param layers     teacher layers to keep, strictly increasing, each in [0, teacher layers)
     * @param studentDir target folder (created; files in it are replaced)
     * @return the student's configuration
     * @throws IOException when the teacher cannot be read, is not a token classifier, or a layer is missing
     */
    public static BertConfig write(Path teacherDir, int[] layers, Path studentDir) throws IOException {
        BertConfig teacher = HfCheckpoint.readConfig(teacherDir);
        if (teacher.labels().isEmpty()) {
            throw new CheckpointException(teacherDir.resolve(HfCheckpoint.CONFIG_FILE)
                    + ": expected a fine-tuned token classifier (id2label) as teacher, found none");
        }
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] < 0 || layers[i] >= teacher.numHiddenLayers() || (i > 0 && layers[i] <= layers[i - 1])) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "expected strictly increasing teacher layers in [0, %d), found %s",
                        teacher.numHiddenLayers(), Arrays.toString(layers)));
            }
        }
        Path weights = teacherDir.resolve(HfCheckpoint.WEIGHTS_FILE);
        if (!Files.isRegularFile(weights)) {
            throw new CheckpointException(weights + ": expected the teacher's single-file weights, found none");
        }
        Map<Integer, Integer> renumber = new LinkedHashMap<>();
        for (int j = 0; j < layers.length; j++) {
            renumber.put(layers[j], j);
        }
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        int[] copiedPerLayer = new int[layers.length];
        List<String> dropped = new java.util.ArrayList<>();
        try (SafetensorsReader reader = SafetensorsReader.open(weights)) {
            for (String name : reader.tensors().keySet()) {
                Optional<BertKeys.LayerKey> layer = BertKeys.parseLayer(name);
                if (layer.isPresent()) {
                    Integer j = renumber.get(layer.get().index());
                    if (j != null) {
                        out.put(layer.get().inLayer(j), reader.readFloat(name));
                        copiedPerLayer[j]++;
                    }
                } else if (name.contains(BertKeys.POOLER)) {
                    // token classification never reads the pooler; a student without it is smaller and the same
                    dropped.add(name);
                } else {
                    out.put(name, reader.readFloat(name));
                }
            }
        }
        for (int j = 0; j < layers.length; j++) {
            if (copiedPerLayer[j] == 0) {
                throw new CheckpointException(weights + ": expected tensors of encoder layer " + layers[j]
                        + ", found none");
            }
        }
        BertConfig student = teacher.toBuilder().setNumHiddenLayers(layers.length)
                .optArchitectures(List.of("BertForTokenClassification")).build();
        Files.createDirectories(studentDir);
        student.write(studentDir.resolve(HfCheckpoint.CONFIG_FILE));
        SafetensorsWriter.write(studentDir.resolve(HfCheckpoint.WEIGHTS_FILE), out, Map.of("format", "pt"));
        for (String f : List.of(HfCheckpoint.VOCAB_FILE, HfCheckpoint.TOKENIZER_CONFIG_FILE, "tokenizer.json")) {
            Path src = teacherDir.resolve(f);
            if (Files.isRegularFile(src)) {
                Files.copy(src, studentDir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        LOG.info("student of {} layers from teacher layers {} of {}: {} tensors copied, dropped {}", layers.length,
                Arrays.toString(layers), teacherDir, out.size(), dropped);
        return student;
    }
}
