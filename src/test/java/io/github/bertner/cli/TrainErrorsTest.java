package io.github.bertner.cli;

import static io.github.bertner.cli.ErrorCase.dir;
import static io.github.bertner.cli.ErrorCase.of;
import static io.github.bertner.cli.ErrorCase.write;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad options and input to {@code train}, {@code pretrain} and {@code vocab}. The option cases train on a
 * malformed corpus: the error must still be about the option, which proves options are checked before any
 * corpus is read.
 */
class TrainErrorsTest {

    private static final Path FX = ErrorCase.fixtures("train");
    private static final String BAD = write(FX.resolve("bad.conll"), "-DOCSTART- -X- O O\n\nEU NNP I-ORG\n\n").toString();
    private static final String GOOD = write(FX.resolve("good.conll"),
            "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\n").toString();
    private static final String TEXT = write(FX.resolve("t.txt"), "Peter went to Bonn .\n").toString();

    private static List<String> train(String... rest) {
        return trainOn(BAD, rest);
    }

    private static List<String> trainOn(String corpus, String... rest) {
        List<String> a = new ArrayList<>(List.of("train", "--format", "conll2003", "--train", corpus, "--preset", "tiny",
                "--out", FX.resolve("m-" + Math.abs(String.join(" ", rest).hashCode())).toString()));
        a.addAll(List.of(rest));
        return a;
    }

    private static List<String> cmd(String... args) {
        return List.of(args);
    }

    static Stream<ErrorCase> cases() {
        Path existing = dir(FX.resolve("existing-model"));
        write(existing.resolve("config.json"), "{}");
        write(existing.resolve("model.safetensors"), "x");
        String emptyBase = dir(FX.resolve("empty-base")).toString();
        String empty = write(FX.resolve("empty.conll"), "").toString();
        String emptyText = write(FX.resolve("empty.txt"), "").toString();
        String missing = FX.resolve("nosuch.conll").toString();
        return Stream.of(
                of("--epochs -1", 2, train("--epochs", "-1"), "--epochs", "found -1"),
                of("--epochs 0", 2, train("--epochs", "0"), "--epochs", "at least 1", "found 0"),
                of("--lr NaN", 2, train("--lr", "NaN"), "--lr", "found NaN"),
                of("--lr 0", 2, train("--lr", "0"), "--lr", "found 0.0"),
                of("--warmup 1.5", 2, train("--warmup", "1.5"), "--warmup", "from 0 to 1", "found 1.5"),
                of("--vocab-size 0", 2, train("--vocab-size", "0"), "--vocab-size", "found 0"),
                of("--batch-size -1", 2, train("--batch-size", "-1"), "--batch-size", "found -1"),
                of("--max-length 10000", 2, train("--max-length", "10000"), "--max-length", "8 to 512", "found 10000"),
                of("--max-length 2", 2, train("--max-length", "2"), "--max-length", "found 2"),
                of("--max-steps -3", 2, train("--max-steps", "-3"), "--max-steps", "found -3"),
                of("--weight-decay -0.1", 2, train("--weight-decay", "-0.1"), "--weight-decay", "found -0.1"),
                of("--max-grad-norm Infinity", 2, train("--max-grad-norm", "Infinity"), "--max-grad-norm",
                        "found Infinity"),
                of("--patience -1", 2, train("--patience", "-1"), "--patience", "found -1"),
                of("--checkpoint-every -5", 2, train("--checkpoint-every", "-5"), "--checkpoint-every", "found -5"),
                of("--preset huge", 2, cmd("train", "--format", "conll2003", "--train", BAD, "--preset", "huge", "--out",
                        FX.resolve("m-huge").toString()), "--preset", "huge"),
                of("--scheme IOB1", 2, train("--scheme", "IOB1"), "--scheme", "IOB1"),
                of("--scheme XYZ", 2, train("--scheme", "XYZ"), "--scheme", "XYZ"),
                of("--device tpu", 2, train("--device", "tpu"), "--device", "tpu"),
                of("--policy maybe", 2, train("--policy", "maybe"), "--policy", "'maybe'"),
                of("--flatten widest", 2, train("--flatten", "widest"), "--flatten", "widest"),
                of("--alignment middle", 2, train("--alignment", "middle"), "--alignment", "middle"),
                of("--format xyz", 2, cmd("train", "--format", "xyz", "--train", BAD, "--out", FX.resolve("x").toString()),
                        "--format", "'xyz'"),
                of("corpus without a format", 2, cmd("train", "--train", BAD, "--out", FX.resolve("x").toString()),
                        "bad.conll", "no corpus format"),
                of("corpus prefix with unknown format", 2, cmd("train", "--train", "conll9:" + BAD, "--out",
                        FX.resolve("x").toString()), "'conll9'"),
                of("old option name --language", 2, train("--language", "en"), "--language"),
                of("--extent without a factrueval corpus", 2, train("--extent", "names"), "--extent",
                        "applies to factrueval corpora, found none"),
                of("--extent bad value", 2, train("--extent", "spans"), "--extent", "'spans'"),
                of("--mentions with column corpora only", 2, train("--mentions", "capitalized"), "--mentions",
                        "applies to factrueval, bsnlp and brat corpora, found none"),
                of("old option name --alignment-policy", 2, train("--alignment-policy", "FAIL"), "--alignment-policy"),
                of("--base: no such folder", 2, train("--base", FX.resolve("nosuch-base").toString()), "--base",
                        "nosuch-base"),
                of("--base: no config.json", 1, train("--base", emptyBase), "config.json", "empty-base"),
                of("--vocab-text: no such file", 2, train("--vocab-text", FX.resolve("nosuch.txt").toString()),
                        "--vocab-text", "nosuch.txt"),
                of("--train: no such file", 1, trainOn(missing), "nosuch.conll", "found none"),
                of("--dev: no such file", 1, trainOn(GOOD, "--dev", missing), "nosuch.conll"),
                of("--out holds a model", 2, cmd("train", "--format", "conll2003", "--train", BAD, "--preset", "tiny",
                        "--out", existing.toString()), "--out", "existing-model", "config.json", "--resume", "--overwrite"),
                of("--resume and --overwrite", 2, train("--resume", "--overwrite"), "--resume", "--overwrite", "both"),
                of("--out is a file", 2, cmd("train", "--format", "conll2003", "--train", BAD, "--out", GOOD), "--out",
                        "good.conll"),
                of("training corpus malformed", 1, train(), "bad.conll:3", "'EU NNP I-ORG'"),
                of("training corpus empty", 1, trainOn(empty), "empty.conll:1", "found none (0 lines)"),
                of("training corpus with an unknown mapping", 1, trainOn("conll2003+nosuch-map:" + GOOD),
                        "'nosuch-map'"),
                of("pretrain: --text missing", 2, cmd("pretrain", "--text", FX.resolve("nosuch.txt").toString(),
                        "--out", FX.resolve("p1").toString()), "--text", "nosuch.txt"),
                of("pretrain: --epochs 0", 2, cmd("pretrain", "--text", TEXT, "--epochs", "0", "--out",
                        FX.resolve("p2").toString()), "--epochs", "found 0"),
                of("pretrain: --lr -1", 2, cmd("pretrain", "--text", TEXT, "--lr", "-1", "--out",
                        FX.resolve("p3").toString()), "--lr", "found -1.0"),
                of("pretrain: --max-length 100000", 2, cmd("pretrain", "--text", TEXT, "--max-length", "100000", "--out",
                        FX.resolve("p4").toString()), "--max-length", "found 100000"),
                of("pretrain: --out holds a model", 2, cmd("pretrain", "--text", TEXT, "--out", existing.toString()),
                        "--out", "existing-model", "--overwrite"),
                of("pretrain: empty text", 1, cmd("pretrain", "--text", emptyText, "--out", FX.resolve("p5").toString()),
                        "empty.txt", "found none"),
                of("vocab: --size 0", 2, cmd("vocab", "--text", TEXT, "--size", "0", "--out", FX.resolve("v1").toString()),
                        "--size", "found 0"),
                of("vocab: --text missing", 2, cmd("vocab", "--text", FX.resolve("nosuch.txt").toString(), "--out",
                        FX.resolve("v2").toString()), "--text", "nosuch.txt"),
                of("vocab: empty text", 1, cmd("vocab", "--text", emptyText, "--out", FX.resolve("v3").toString()),
                        "empty.txt", "found none"),
                of("vocab: --out is a file", 2, cmd("vocab", "--text", TEXT, "--out", TEXT), "--out", "t.txt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGivesOneErrorLine(ErrorCase c) {
        CliRun.run(c.args()).assertError(c.code(), c.fragments().toArray(new String[0]));
    }
}
