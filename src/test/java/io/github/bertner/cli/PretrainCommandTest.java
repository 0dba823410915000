package io.github.bertner.cli;

import static io.github.bertner.cli.ErrorCase.dir;
import static io.github.bertner.cli.ErrorCase.of;
import static io.github.bertner.cli.ErrorCase.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bertner.training.MlmPretrainer;
import io.github.bertner.training.TransferFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code pretrain --new-vocab / --freeze-body / --transliteration}: a run end to end, and every bad combination. */
class PretrainCommandTest {

    private static final Path FX = ErrorCase.fixtures("pretrain");
    private static final String TEXT = write(FX.resolve("ru.txt"), String.join("\n", TransferFixtures.TEXT) + "\n")
            .toString();

    private static Path base() {
        Path b = FX.resolve("base");
        try {
            return Files.isRegularFile(b.resolve("config.json")) ? b : TransferFixtures.base(b, false, 3);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path vocab() {
        try {
            return TransferFixtures.vocabulary(FX.resolve("ru-vocab"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> pretrain(String... rest) {
        List<String> a = new ArrayList<>(List.of("pretrain", "--text", TEXT, "--out",
                FX.resolve("p-" + Math.abs(String.join(" ", rest).hashCode())).toString()));
        a.addAll(List.of(rest));
        return a;
    }

    static Stream<ErrorCase> cases() {
        String base = base().toString();
        String vocab = vocab().toString();
        Path noVocabTxt = dir(FX.resolve("no-vocab-txt"));
        write(noVocabTxt.resolve("tokenizer_config.json"), "{}");
        Path noSettings = dir(FX.resolve("no-settings"));
        write(noSettings.resolve("vocab.txt"), String.join("\n", TransferFixtures.NEW_VOCAB) + "\n");
        return Stream.of(
                of("--new-vocab without --base", 2, pretrain("--new-vocab", vocab), "--new-vocab", "--base",
                        "found none"),
                of("--freeze-body without --base", 2, pretrain("--freeze-body"), "--freeze-body", "--base"),
                of("--transliteration without --new-vocab", 2, pretrain("--base", base, "--transliteration", "iso9"),
                        "--transliteration", "--new-vocab"),
                of("--transliteration unknown", 2, pretrain("--base", base, "--new-vocab", vocab, "--transliteration",
                        "gost"), "--transliteration", "'gost'", "iso9", "bgn-pcgn"),
                of("--new-vocab with --uncased", 2, pretrain("--base", base, "--new-vocab", vocab, "--uncased"),
                        "--uncased", "--new-vocab", "tokenizer_config.json"),
                of("--new-vocab: no such folder", 2, pretrain("--base", base, "--new-vocab",
                        FX.resolve("nosuch-vocab").toString()), "--new-vocab", "nosuch-vocab", "found no"),
                of("--new-vocab: a file", 2, pretrain("--base", base, "--new-vocab", TEXT), "--new-vocab",
                        "the file", "ru.txt"),
                of("--new-vocab: no vocab.txt", 2, pretrain("--base", base, "--new-vocab", noVocabTxt.toString()),
                        "--new-vocab", "vocab.txt", "no-vocab-txt", "found none"),
                of("--new-vocab: no tokenizer_config.json", 2, pretrain("--base", base, "--new-vocab",
                        noSettings.toString()), "--new-vocab", "tokenizer_config.json", "no-settings"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badCombinationsGiveOneErrorLine(ErrorCase c) {
        CliRun.run(c.args()).assertError(c.code(), c.fragments().toArray(new String[0]));
    }

    @Test
    void transferFreezePretrainThenTrainOnTheResult(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("ru-mlm");
        CliRun r = CliRun.run("pretrain", "--text", TEXT, "--base", base().toString(), "--new-vocab", vocab().toString(),
                "--freeze-body", "--max-steps", "2", "--batch-size", "1", "--max-length", "8", "--lr", "1e-2",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("vocabulary transfer (bgn_pcgn): copied 7, transliterated 4, fallback 5 of 16 "
                + "entries"), r.out());
        assertTrue(Files.isRegularFile(out.resolve(MlmPretrainer.TRANSFER_DIR).resolve("model.safetensors")));
        assertEquals(TransferFixtures.NEW_VOCAB, Files.readAllLines(out.resolve("vocab.txt"), StandardCharsets.UTF_8));

        Path conll = write(dir.resolve("ru.conll"), "-DOCSTART- -X- O O\n\nМосква NNP I-NP I-LOC\nбольшой JJ I-NP O\n"
                + "город NN I-NP O\n. . O O\n\nв IN I-PP O\nМосква NNP I-NP I-LOC\n. . O O\n\n");
        Path ner = dir.resolve("ru-ner");
        CliRun t = CliRun.run("train", "--format", "conll2003", "--train", conll.toString(), "--base", out.toString(),
                "--epochs", "1", "--max-steps", "1", "--batch-size", "2", "--max-length", "16", "--out", ner.toString());
        assertEquals(0, t.code(), t.err());
        assertEquals(TransferFixtures.NEW_VOCAB, Files.readAllLines(ner.resolve("vocab.txt"), StandardCharsets.UTF_8));
    }
}
