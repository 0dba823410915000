package io.github.bertner.training;

import io.github.bertner.model.BertConfig;
import io.github.bertner.model.BertInit;
import io.github.bertner.model.BertKeys;
import io.github.bertner.model.CheckpointException;
import io.github.bertner.model.FloatTensor;
import io.github.bertner.model.HfCheckpoint;
import io.github.bertner.model.ModelSettings;
import io.github.bertner.model.SafetensorsReader;
import io.github.bertner.model.SafetensorsWriter;
import io.github.bertner.tokenization.TokenizerSettings;
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
 * Builds a distillation student folder, in one of two ways:
 * <ul>
 *   <li>{@link #write}: from the fine-tuned teacher itself: the same embeddings, vocabulary, tokenizer, label set
 *       and bertner settings, a subset of the teacher's encoder layers (renumbered from 0), and the teacher's
 *       classifier. Starting from the teacher's own weights, not a random init, is what lets a shallow student
 *       reach the teacher's accuracy in a few epochs (DistilBERT takes every other layer; with fewer layers evenly
 *       spread ones keep both low- and high-level features).</li>
 *   <li>{@link #fromModel}: from another pretrained encoder of any depth and width that shares the teacher's
 *       vocabulary and casing (e.g. all-MiniLM-L6-v2 for an uncased BERT teacher): its encoder, the teacher's
 *       labels and bertner settings, and a fresh classifier. A model pretrained at the student's size keeps
 *       what the teacher's dropped layers knew, which a cut teacher loses.</li>
 * </ul>
 * Works on the files only, so it is plain Java.
 */
public final class StudentInit {

    private static final Logger LOG = LoggerFactory.getLogger(StudentInit.class);

    private StudentInit() {
    }

    /**
     * Writes a student folder from another pretrained model: every tensor of {@code baseDir} except its pooler and
     * pretraining heads ({@code cls.*}), the teacher's labels, bertner settings, vocabulary and tokenizer
     * settings, and the fresh classifier a model of this seed gets ({@link BertInit#fresh}: HF's normal with
     * standard deviation {@code initializer_range}, bias 0), unless the base already is a token classifier with the teacher's labels, whose head is then kept.
     *
     * @param baseDir    the student's starting model (config.json, model.safetensors, vocab.txt)
     * @param teacherDir the fine-tuned teacher
     * @param studentDir target folder (created; files in it are replaced)
     * @param seed       seed of the fresh classifier
     * @return the student's configuration
     * @throws CheckpointException when the teacher has no labels, or the base's vocabulary, casing or position
     *     table does not fit the teacher's tokenizer and window
     * @throws IOException when a file cannot be read
     */
    public static BertConfig fromModel(Path baseDir, Path teacherDir, Path studentDir, long seed) throws IOException {
        BertConfig teacher = readTeacher(teacherDir);
        BertConfig base = checkBase(baseDir, teacherDir);
        boolean keepHead = base.labels().equals(teacher.labels());
        Path weights = baseDir.resolve(HfCheckpoint.WEIGHTS_FILE);
        if (!Files.isRegularFile(weights)) {
            throw new CheckpointException(weights + ": expected the student base's single-file weights, found none");
        }
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        List<String> dropped = new java.util.ArrayList<>();
        try (SafetensorsReader reader = SafetensorsReader.open(weights)) {
            for (String name : reader.tensors().keySet()) {
                boolean head = name.startsWith(BertKeys.CLASSIFIER + ".");
                if (name.contains(BertKeys.POOLER) || name.startsWith("cls.") || (head && !keepHead)) {
                    dropped.add(name);
                } else {
                    out.put(name, reader.readFloat(name));
                }
            }
        }
        if (!keepHead) {
            // the head `train --base` would put on this base with this seed: one initialisation in the project
            int rows = teacher.labels().size();
            out.put(BertKeys.CLASSIFIER_WEIGHT, BertInit.fresh(BertKeys.CLASSIFIER_WEIGHT,
                    new long[] {rows, base.hiddenSize()}, base, seed));
            out.put(BertKeys.CLASSIFIER_BIAS, BertInit.fresh(BertKeys.CLASSIFIER_BIAS, new long[] {rows}, base, seed));
        }
        BertConfig student = base.toBuilder().optLabels(teacher.labels()).optBertner(teacher.bertner())
                .optArchitectures(List.of("BertForTokenClassification")).build();
        Files.createDirectories(studentDir);
        student.write(studentDir.resolve(HfCheckpoint.CONFIG_FILE));
        SafetensorsWriter.write(studentDir.resolve(HfCheckpoint.WEIGHTS_FILE), out, Map.of("format", "pt"));
        copyTokenizerFiles(teacherDir, studentDir);
        LOG.info("student from {} ({} layers, hidden {}): {} tensors copied, {} head, dropped {}", baseDir,
                base.numHiddenLayers(), base.hiddenSize(), out.size() - (keepHead ? 0 : 2),
                keepHead ? "its own" : "a fresh", dropped);
        return student;
    }

    /**
     * Checks, without reading weights, that a model can start a student of a teacher: the same vocabulary, piece
     * by piece, the same casing, and a position table that holds the teacher's window.
     *
     * @param baseDir    the student's starting model
     * @param teacherDir the fine-tuned teacher
     * @return the base's configuration
     * @throws CheckpointException naming the file and the first difference, expected vs found
     * @throws IOException when a file cannot be read
     */
    public static BertConfig checkBase(Path baseDir, Path teacherDir) throws IOException {
        BertConfig teacher = HfCheckpoint.readConfig(teacherDir);
        BertConfig base = HfCheckpoint.readConfig(baseDir);
        List<String> teacherVocab = HfCheckpoint.readVocabulary(teacherDir, teacher).orElseThrow(() ->
                new CheckpointException(teacherDir.resolve(HfCheckpoint.VOCAB_FILE) + ": expected the teacher's "
                        + "vocabulary, found no file"));
        List<String> baseVocab = HfCheckpoint.readVocabulary(baseDir, base).orElseThrow(() ->
                new CheckpointException(baseDir.resolve(HfCheckpoint.VOCAB_FILE) + ": expected the student base's "
                        + "vocabulary, found no file"));
        checkSameVocabulary(teacherVocab, baseVocab, teacherDir, baseDir);
        ModelSettings teacherSettings = ModelSettings.read(teacherDir);
        TokenizerSettings t = teacherSettings.tokenizer();
        TokenizerSettings s = ModelSettings.read(baseDir).tokenizer();
        if (t.doLowerCase() != s.doLowerCase() || t.effectiveStripAccents() != s.effectiveStripAccents()) {
            throw new CheckpointException(String.format(Locale.ROOT, "%s: expected the teacher's casing "
                            + "(do_lower_case %s, strip accents %s, %s), found do_lower_case %s, strip accents %s",
                    baseDir.resolve(TokenizerSettings.FILE_NAME), t.doLowerCase(), t.effectiveStripAccents(),
                    teacherDir, s.doLowerCase(), s.effectiveStripAccents()));
        }
        if (base.maxPositionEmbeddings() < teacherSettings.maxLength()) {
            throw new CheckpointException(String.format(Locale.ROOT, "%s: expected max_position_embeddings of at "
                            + "least the teacher's window (%d pieces), found %d", baseDir.resolve(HfCheckpoint.CONFIG_FILE),
                    teacherSettings.maxLength(), base.maxPositionEmbeddings()));
        }
        return base;
    }

    private static BertConfig readTeacher(Path teacherDir) throws IOException {
        BertConfig teacher = HfCheckpoint.readConfig(teacherDir);
        if (teacher.labels().isEmpty()) {
            throw new CheckpointException(teacherDir.resolve(HfCheckpoint.CONFIG_FILE)
                    + ": expected a fine-tuned token classifier (id2label) as teacher, found none");
        }
        return teacher;
    }

    private static void checkSameVocabulary(List<String> teacher, List<String> base, Path teacherDir, Path baseDir)
            throws CheckpointException {
        for (int i = 0; i < Math.min(teacher.size(), base.size()); i++) {
            if (!teacher.get(i).equals(base.get(i))) {
                throw new CheckpointException(String.format(Locale.ROOT, "%s line %d: expected the teacher's piece "
                                + "'%s' (%s), found '%s'; a student must share the teacher's vocabulary",
                        baseDir.resolve(HfCheckpoint.VOCAB_FILE), i + 1, teacher.get(i), teacherDir, base.get(i)));
            }
        }
        if (teacher.size() != base.size()) {
            throw new CheckpointException(String.format(Locale.ROOT, "%s: expected the teacher's %d pieces (%s), "
                            + "found %d; a student must share the teacher's vocabulary",
                    baseDir.resolve(HfCheckpoint.VOCAB_FILE), teacher.size(), teacherDir, base.size()));
        }
    }

    private static void copyTokenizerFiles(Path teacherDir, Path studentDir) throws IOException {
        for (String f : List.of(HfCheckpoint.VOCAB_FILE, HfCheckpoint.TOKENIZER_CONFIG_FILE, "tokenizer.json")) {
            Path src = teacherDir.resolve(f);
            if (Files.isRegularFile(src)) {
                Files.copy(src, studentDir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
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
        BertConfig teacher = readTeacher(teacherDir);
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
        copyTokenizerFiles(teacherDir, studentDir);
        LOG.info("student of {} layers from teacher layers {} of {}: {} tensors copied, dropped {}", layers.length,
                Arrays.toString(layers), teacherDir, out.size(), dropped);
        return student;
    }
}
