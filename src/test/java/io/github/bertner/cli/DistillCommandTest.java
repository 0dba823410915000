package io.github.bertner.cli;

import io.github.bertner.model.HfCheckpoint;
import io.github.bertner.training.Distiller;
import io.github.bertner.training.TrainingProvenance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistillCommandTest {

    private static final String CONLL = "conll2003+conll2003-en:src/test/resources/training/mini.conll";

    private static Path tinyTeacher(Path dir) {
        Path teacher = dir.resolve("teacher");
        CliRun r = CliRun.run("train", "--train", CONLL, "--preset", "tiny", "--vocab-size", "120", "--max-length", "32",
                "--epochs", "1", "--max-steps", "2", "--batch-size", "4", "--lr", "1e-3", "--out", teacher.toString());
        assertEquals(0, r.code(), r.err());
        return teacher;
    }

    @Test
    @Tag("slow")
    void distilsTagsAndResumesWithoutRedoingWork(@TempDir Path dir) throws Exception {
        Path teacher = tinyTeacher(dir);
        Path text = dir.resolve("text");
        Files.createDirectories(text);
        Files.writeString(text.resolve("a.txt"), "Peter Blackburn went to Brussels. The European Commission said so.\n");
        Files.writeString(text.resolve("b.txt"), "German officials met in Bonn on Friday.\n");
        Path out = dir.resolve("student");
        CliRun r = CliRun.run("distill", "--teacher", teacher.toString(), "--train", CONLL, "--dev", CONLL,
                "--unlabeled", text.toString(), "--layers", "1", "--epochs", "1", "--max-steps", "2",
                "--gold-epochs", "1", "--batch-size", "4", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("student of 1 layers from teacher layers [1]"), r.out());
        assertTrue(r.err().contains("unlabelled text: 2 of 2 documents used (20 words"), r.err());
        assertEquals(1, HfCheckpoint.readConfig(out).numHiddenLayers());
        assertEquals(HfCheckpoint.readConfig(teacher).labels(), HfCheckpoint.readConfig(out).labels());
        String provenance = Files.readString(out.resolve(TrainingProvenance.FILE_NAME));
        assertTrue(provenance.contains("\"teacher_layers_kept\": [\n      1\n    ]"), provenance);
        assertTrue(provenance.contains("\"unlabeled_words\": 20"), provenance);
        String stage1 = Files.readString(out.resolve(Distiller.DISTILL_STAGE_DIR).resolve(TrainingProvenance.FILE_NAME));
        assertTrue(stage1.contains("\"teacher_layers_kept\": [\n      1\n    ]"), "the stage-1 model has the recipe too");
        assertTrue(stage1.contains("\"this_model\": \"stage 1: distillation, before the gold stage\"")
                && provenance.contains("\"this_model\": \"stage 2: after the gold stage\""), stage1);
        Path cache = out.resolve(Distiller.DISTILL_STAGE_DIR).resolve("teacher-logits.bin");
        assertTrue(Files.size(cache) > 0);
        FileTime written = Files.getLastModifiedTime(cache);

        Path input = dir.resolve("in.txt");
        Files.writeString(input, "Peter Blackburn went to Brussels.\n");
        CliRun tag = CliRun.run("tag", "--model", out.toString(), input.toString());
        assertEquals(0, tag.code(), tag.err());

        CliRun again = CliRun.run("distill", "--teacher", teacher.toString(), "--train", CONLL, "--dev", CONLL,
                "--unlabeled", text.toString(), "--layers", "1", "--epochs", "1", "--max-steps", "2",
                "--gold-epochs", "1", "--batch-size", "4", "--out", out.toString(), "--resume");
        assertEquals(0, again.code(), again.err());
        assertEquals(written, Files.getLastModifiedTime(cache), "the finished distillation stage is not redone");
    }

    @Test
    @Tag("slow")
    void badLayersAndAModelWithoutLabelsGetOneClearLine(@TempDir Path dir) throws Exception {
        Path teacher = tinyTeacher(dir);
        CliRun.run("distill", "--teacher", teacher.toString(), "--train", CONLL, "--layers", "3",
                "--out", dir.resolve("a").toString()).assertError(2, "--layers", "3");
        CliRun.run("distill", "--teacher", teacher.toString(), "--train", CONLL, "--layers", "1,0",
                "--out", dir.resolve("b").toString()).assertError(2, "--layers", "1,0");
        Path bare = dir.resolve("bare");
        Files.createDirectories(bare);
        Files.copy(teacher.resolve("model.safetensors"), bare.resolve("model.safetensors"));
        Files.writeString(bare.resolve("config.json"), Files.readString(teacher.resolve("config.json"))
                .replaceAll("(?s)\"id2label\": \\{.*?\\},", "").replaceAll("(?s)\"label2id\": \\{.*?\\},", ""));
        CliRun.run("distill", "--teacher", bare.toString(), "--train", CONLL, "--out", dir.resolve("c").toString())
                .assertError(2, "--teacher", "id2label");
    }

    @Test
    @Tag("slow")
    void aStudentStartsFromAnotherModelWithTheTeachersVocabulary(@TempDir Path dir) throws Exception {
        Path teacher = tinyTeacher(dir);
        Path base = dir.resolve("base");
        CliRun r = CliRun.run("train", "--train", CONLL, "--preset", "tiny", "--vocab-size", "120", "--max-length", "32",
                "--epochs", "1", "--max-steps", "1", "--batch-size", "4", "--lr", "1e-3", "--seed", "7",
                "--out", base.toString());
        assertEquals(0, r.code(), r.err());
        CliRun.run("distill", "--teacher", teacher.toString(), "--train", CONLL, "--student", base.toString(),
                "--layers", "1", "--out", dir.resolve("a").toString()).assertError(2, "--student and --layers");
        Path out = dir.resolve("student");
        r = CliRun.run("distill", "--teacher", teacher.toString(), "--train", CONLL, "--dev", CONLL,
                "--student", base.toString(), "--epochs", "1", "--max-steps", "2", "--gold-epochs", "0",
                "--batch-size", "4", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("student from " + base), r.out());
        assertEquals(HfCheckpoint.readConfig(base).numHiddenLayers(), HfCheckpoint.readConfig(out).numHiddenLayers());
        String provenance = Files.readString(out.resolve(TrainingProvenance.FILE_NAME));
        assertTrue(provenance.contains("\"student_base\": \"" + base.toAbsolutePath().normalize()), provenance);

        java.util.List<String> vocab = new java.util.ArrayList<>(Files.readAllLines(base.resolve("vocab.txt")));
        vocab.set(10, "##zzz");
        Files.write(base.resolve("vocab.txt"), vocab);
        CliRun.run("distill", "--teacher", teacher.toString(), "--train", CONLL, "--student", base.toString(),
                "--out", dir.resolve("b").toString()).assertError(2, "--student", "vocab.txt line 11", "found '##zzz'");
    }
}
