package io.github.bertner.cli;

import static io.github.bertner.cli.ErrorCase.dir;
import static io.github.bertner.cli.ErrorCase.of;
import static io.github.bertner.cli.ErrorCase.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.inference.TinyModels;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.uima.cas.impl.XmiCasSerializer;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to {@code tag}: options, model folders and documents. Each case must end with exit 1
 * (input) or 2 (usage), one {@code error:} line naming the file and the bad value, and no stack trace.
 */
class TagErrorsTest {

    private static final Path FX = ErrorCase.fixtures("tag");
    private static Path model;

    private static synchronized Path model() {
        if (model == null) {
            try {
                model = TinyModels.write(FX.resolve("model"), 32, 8, 11);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return model;
    }

    /** A copy of the good model with one file replaced or removed. */
    private static String brokenModel(String name, String file, String content) {
        Path d = dir(FX.resolve(name));
        try (Stream<Path> files = Files.list(model())) {
            for (Path p : files.toList()) {
                if (Files.isRegularFile(p)) {
                    Files.copy(p, d.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (content == null) {
                Files.delete(d.resolve(file));
            } else {
                write(d.resolve(file), content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d.toString();
    }

    /** A copy of the good model whose classifier weights hold a NaN, as a diverged training run leaves them. */
    static String nanModel() {
        String d = brokenModel("nan-model", "README", "");
        Path weights = Path.of(d, "model.safetensors");
        try {
            byte[] bytes = Files.readAllBytes(weights);
            long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            JsonObject header = JsonParser.parseString(new String(bytes, 8, (int) headerLength,
                    StandardCharsets.UTF_8)).getAsJsonObject();
            String name = header.keySet().stream().filter(k -> k.startsWith("classifier.weight")).findFirst()
                    .orElseThrow();
            long begin = header.getAsJsonObject(name).getAsJsonArray("data_offsets").get(0).getAsLong();
            int at = (int) (8 + headerLength + begin);
            ByteBuffer.wrap(bytes, at, 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN);
            Files.write(weights, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    private static String f(String name, String content) {
        return write(FX.resolve(name), content).toString();
    }

    private static List<String> tag(String... rest) {
        List<String> a = new ArrayList<>(List.of("tag", "--model", model().toString(), "--device", "cpu"));
        a.addAll(List.of(rest));
        return a;
    }

    private static List<String> tagWith(String modelDir, String... rest) {
        List<String> a = new ArrayList<>(List.of("tag", "--model", modelDir, "--device", "cpu"));
        a.addAll(List.of(rest));
        return a;
    }

    /** An XMI with text and tokens but no Sentence annotation. */
    static String xmiWithoutSentences(String name) {
        try {
            JCas jcas = JCasFactory.createJCas();
            jcas.setDocumentText("peter visited bonn");
            jcas.setDocumentLanguage("en");
            DocumentMetaData meta = DocumentMetaData.create(jcas);
            meta.setDocumentId(name);
            new Token(jcas, 0, 5).addToIndexes();
            new Token(jcas, 6, 13).addToIndexes();
            new Token(jcas, 14, 18).addToIndexes();
            Path file = dir(FX.resolve("xmi-nosent")).resolve(name);
            try (OutputStream out = Files.newOutputStream(file)) {
                XmiCasSerializer.serialize(jcas.getCas(), out);
            }
            return file.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<ErrorCase> cases() {
        String text = f("ok.txt", "peter visited bonn.");
        String out = FX.resolve("out.conll").toString();
        byte[] bad = "pet\u00e9r".getBytes(StandardCharsets.UTF_8);
        bad[4] = '!';
        String badUtf8 = write(FX.resolve("bad.txt"), bad).toString();
        String xmiFile = xmiWithoutSentences("nosent.xmi");
        return Stream.of(
                of("model: no such folder", 2, tagWith(FX.resolve("nosuch-model").toString(), "--input-format", "text",
                        "--out", out, text), "--model", "nosuch-model"),
                of("model: a file", 2, tagWith(text, "--input-format", "text", "--out", out, text), "--model", "ok.txt"),
                of("model: no config.json", 1, tagWith(brokenModel("m-noconfig", "config.json", null),
                        "--input-format", "text", "--out", out, text), "config.json", "m-noconfig"),
                of("model: config.json not JSON", 1, tagWith(brokenModel("m-badjson", "config.json", "{\"vocab_size\": "),
                        "--input-format", "text", "--out", out, text), "m-badjson", "config.json", "JSON"),
                of("model: num_labels disagrees with id2label", 1, tagWith(numLabelsModel(), "--input-format", "text",
                        "--out", out, text), "config.json", "num_labels", "expected 5", "found 7"),
                of("model: NaN weights", 1, tagWith(nanModel(), "--input-format", "text", "--out", out, text),
                        "nan-model", "model.safetensors", "NaN", "classifier.weight"),
                of("model: no model.safetensors", 1, tagWith(brokenModel("m-noweights", "model.safetensors", null),
                        "--input-format", "text", "--out", out, text), "m-noweights"),
                of("model: vocab.txt too short", 1, tagWith(brokenModel("m-vocab", "vocab.txt", "[PAD]\n[UNK]\n"),
                        "--input-format", "text", "--out", out, text), "vocab.txt"),
                of("--max-length above the model's positions", 2, tag("--input-format", "text", "--max-length", "10000",
                        "--out", out, text), "--max-length", "128", "10000"),
                of("--batch-size 0", 2, tag("--input-format", "text", "--batch-size", "0", "--out", out, text),
                        "--batch-size", "found 0"),
                of("--stride -5", 2, tag("--input-format", "text", "--stride", "-5", "--out", out, text),
                        "--stride", "found -5"),
                of("--device tpu", 2, List.of("tag", "--model", model().toString(), "--input-format", "text",
                        "--device", "tpu", "--out", out, text),
                        "--device", "tpu"),
                of("--output-format pdf", 2, tag("--input-format", "text", "--output-format", "pdf", "--out", out, text),
                        "--output-format", "'pdf'"),
                of("--decoding beam", 2, tag("--input-format", "text", "--decoding", "beam", "--out", out, text),
                        "--decoding", "'beam'"),
                of("--input-format pdf", 2, tag("--input-format", "pdf", "--out", out, text),
                        "--input-format", "'pdf'"),
                of("--policy maybe", 2, tag("--input-format", "text", "--policy", "maybe", "--out", out, text),
                        "--policy", "'maybe'"),
                of("old option name --language", 2, tag("--input-format", "text", "--language", "en", "--out", out,
                        text), "--language"),
                of("old option name --alignment-policy", 2, tag("--input-format", "conll2003", "--alignment-policy",
                        "fail", "--out", out, text), "--alignment-policy"),
                of("input: no such file", 1, tag("--input-format", "text", "--out", out,
                        FX.resolve("nosuch.txt").toString()), "nosuch.txt", "found none"),
                of("text: invalid UTF-8", 1, tag("--input-format", "text", "--out", out, badUtf8),
                        "bad.txt:1", "invalid byte 0xC3 at byte offset 3"),
                of("text: NUL", 1, tag("--input-format", "text", "--out", out, f("nul.txt", "peter\0 visited bonn.")),
                        "nul.txt:1", "U+0000", "column 6"),
                of("text: escape character", 1, tag("--input-format", "text", "--out", out,
                        f("esc.txt", "peter\nvisited \u001b[1mbonn")), "esc.txt:2", "U+001B"),
                of("text: empty folder", 1, tag("--input-format", "text", "--out", out,
                        dir(FX.resolve("empty-texts")).toString()), "empty-texts", "found an empty folder"),
                of("text: whitespace only", 1, tag("--input-format", "text", "--out", out, f("blank.txt", "  \n\n ")),
                        "blank.txt", "no tokens"),
                of("xmi: no Sentence annotations", 1, tag("--input-format", "xmi", "--out", out, xmiFile),
                        "nosent.xmi", "found 3 Token and 0 Sentence"),
                of("xmi: not XML", 1, tag("--input-format", "xmi", "--out", out, f("bad.xmi", "<xmi:XMI oops")),
                        "bad.xmi:1", "expected a UIMA XMI file"),
                of("xmi: folder without .xmi", 1, tag("--input-format", "xmi", "--out", out,
                        dir(FX.resolve("no-xmi")).toString()), "no-xmi", "expected .xmi files"),
                of("--out is a folder for conll", 2, tag("--input-format", "text", "--out",
                        dir(FX.resolve("outdir")).toString(), text), "--out", "outdir"),
                of("--out is a file for xmi", 2, tag("--input-format", "text", "--output-format", "xmi", "--out", text,
                        text), "--out", "ok.txt"),
                of("conll input: three columns", 1, tag("--input-format", "conll2003", "--out", out,
                        f("cols.conll", "-DOCSTART- -X- O O\n\nEU NNP I-ORG\n\n")), "cols.conll:3", "'EU NNP I-ORG'"),
                of("conll input: unknown tag", 1, tag("--input-format", "conll2003", "--out", out,
                        f("tag.conll", "EU NNP I-NP Q-ORG\n\n")), "tag.conll:1", "'Q-ORG'"),
                of("brat input: .txt without .ann", 1, tag("--input-format", "brat", "--out", out,
                        write(FX.resolve("brat/a.txt"), "peter visited bonn.\n").getParent().toString()),
                        "a.ann", "missing_file"));
    }

    private static String numLabelsModel() {
        String d = brokenModel("m-numlabels", "README", "");
        Path config = Path.of(d, "config.json");
        try {
            JsonObject json = JsonParser.parseString(Files.readString(config)).getAsJsonObject();
            json.addProperty("num_labels", 7);
            Files.writeString(config, json.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGivesOneErrorLine(ErrorCase c) {
        CliRun.run(c.args()).assertError(c.code(), c.fragments().toArray(new String[0]));
    }

    @Test
    void failedRunLeavesNoEmptyOutput() {
        Path out = FX.resolve("nan-out.conll");
        CliRun.run(tagWith(nanModel(), "--input-format", "text", "--out", out.toString(),
                f("nan-in.txt", "peter visited bonn."))).assertError(1, "NaN");
        assertFalse(Files.exists(out), "no 0-byte output after a failure");
    }

    @Test
    void controlCharactersAreReplacedUnderASkipPolicy() throws IOException {
        Path out = FX.resolve("nul.jsonl");
        CliRun r = CliRun.run(tag("--input-format", "text", "--output-format", "xmi", "--policy", "skip_annotation",
                "--out", FX.resolve("nul-xmi").toString(), f("nul2.txt", "peter\0 visited bonn."))).assertOk();
        assertTrue(r.out().contains("replaced 1 control character(s) with U+FFFD"), r.out());
        try (Stream<Path> files = Files.list(FX.resolve("nul-xmi"))) {
            Path xmi = files.filter(p -> p.toString().endsWith(".xmi")).findFirst().orElseThrow();
            assertTrue(Files.readString(xmi).contains("peter\uFFFD visited"));
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void xmiWithoutSentencesIsACountedSkipUnderSkipDocument() {
        Path folder = dir(FX.resolve("xmi-mixed"));
        try {
            Files.copy(Path.of(xmiWithoutSentences("a.xmi")), folder.resolve("a.xmi"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CliRun r = CliRun.run(tag("--input-format", "xmi", "--policy", "skip_document", "--out",
                FX.resolve("mixed.conll").toString(), folder.toString()));
        // the only document is skipped, so there is nothing to tag: still an error, now naming the count
        r.assertError(1, "xmi-mixed", "found 0 document(s) and no tokens");
        assertTrue(r.err().contains("skipped "), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("skipped ")).count(), r.err());
    }
}
