package io.github.bertner.spark;

import ai.djl.Device;
import io.github.bertner.model.BertConfig;
import io.github.bertner.model.ModelSettings;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tagging.Decoding;
import io.github.bertner.tokenization.TokenizerSettings;
import io.github.bertner.tokenization.VocabBuilder;
import io.github.bertner.tokenization.WordPieceVocab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Tokens per second of single-process tagging ({@link DocumentTagger} in a loop, no Spark) and of the
 * Spark job on {@code local[1]} and {@code local[2]}, on the same CoNLL-2003 documents in one JVM.
 *
 * <p>The model has the {@code mini} preset's shape (4 layers, hidden 256) with random weights and a
 * WordPiece vocabulary learnt from eng.train, so the work per token is that of a trained mini model.
 * Every measurement follows a warm-up pass; the model is loaded before the first one, so no timing
 * includes a model load. Arguments: {@code eng.train eng.testb workDir}.
 */
public final class SparkTagBenchmark {

    private SparkTagBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path train = Path.of(args[0]);
        Path testb = Path.of(args[1]);
        Path work = Files.createDirectories(Path.of(args[2]));
        Path model = writeMiniModel(train, work.resolve("model"));
        List<TestDocuments.Doc> docs = TestDocuments.conll(testb, 231);
        TaggerSettings settings = new TaggerSettings(model.toString(), "cpu", 32, Decoding.VITERBI);

        List<String> rows = new ArrayList<>();
        DocumentTagger tagger = DocumentTagger.shared(settings);
        tagAll(tagger, docs);
        long started = System.nanoTime();
        long tokens = tagAll(tagger, docs);
        double seconds = (System.nanoTime() - started) / 1e9;
        rows.add(row("single process (DocumentTagger loop, no Spark)", docs.size(), tokens, seconds));

        Path input = work.resolve("testb.jsonl");
        List<String> lines = new ArrayList<>();
        com.google.gson.Gson gson = new com.google.gson.Gson();
        for (TestDocuments.Doc d : docs) {
            com.google.gson.JsonObject o = new com.google.gson.JsonObject();
            o.addProperty("id", d.id());
            o.addProperty("text", d.text());
            lines.add(gson.toJson(o));
        }
        Files.write(input, lines, StandardCharsets.UTF_8);
        for (String master : List.of("local[1]", "local[2]")) {
            SparkSession spark = SparkSession.builder().master(master).appName("bertner-spark-benchmark")
                    .config("spark.ui.enabled", "false").getOrCreate();
            try {
                RunSummary summary = null;
                for (int run = 0; run < 2; run++) {
                    summary = SparkTagJob.run(spark, TagJobConfig.builder(model.toString())
                            .setInputs(InputFormat.JSONL, List.of(input.toString()))
                            .setOutput(OutputFormat.PARQUET, work.resolve("out").toString())
                            .optOverwrite(true)
                            .build());
                }
                rows.add(row("Spark " + master + " (whole job: read, tag, write, summary)", summary.documents(),
                        summary.tokens(), summary.seconds()));
            } finally {
                spark.stop();
            }
        }
        System.out.println("| run | documents | tokens | seconds | tokens/s |");
        System.out.println("|---|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
    }

    private static long tagAll(DocumentTagger tagger, List<TestDocuments.Doc> docs) {
        long tokens = 0;
        for (TestDocuments.Doc d : docs) {
            tokens += tagger.tag(d.text()).tokens();
        }
        return tokens;
    }

    private static String row(String name, long documents, long tokens, double seconds) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.0f |", name, documents, tokens, seconds,
                tokens / seconds);
    }

    private static Path writeMiniModel(Path train, Path dir) throws Exception {
        List<String> sentences = new ArrayList<>();
        StringBuilder sentence = new StringBuilder();
        for (String line : Files.readAllLines(train, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("-DOCSTART-")) {
                if (sentence.length() > 0) {
                    sentences.add(sentence.toString());
                    sentence.setLength(0);
                }
            } else {
                sentence.append(sentence.length() > 0 ? " " : "").append(line, 0, line.indexOf(' '));
            }
        }
        TokenizerSettings tokenizer = TokenizerSettings.cased();
        WordPieceVocab vocab = VocabBuilder.builder().setVocabSize(8000).optSettings(tokenizer).build()
                .train(sentences);
        BertConfig config = BertConfig.preset("mini", vocab.size());
        try (TokenClassifierModel m = TokenClassifierModel.create(config, TestModels.LABELS, Device.cpu(), 1)) {
            m.setVocabulary(vocab.tokens());
            ModelSettings.defaults(tokenizer).withWindow(128, 32).writeTo(m);
            m.save(dir);
        }
        return dir;
    }
}
