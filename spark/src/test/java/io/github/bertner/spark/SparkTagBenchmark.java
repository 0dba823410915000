package io.github.bertner.spark;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
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
 * Tokens per second of single-process tagging ({@link DocumentTagger} in a loop, no Spark) with 1 and 2
 * PyTorch intra-op threads, and of the Spark job on {@code local[1]} and {@code local[2]} (PyTorch 2
 * threads, then {@code local[2]} with 1 PyTorch thread per JVM), on the same CoNLL-2003 documents in one
 * JVM. The whole sequence runs {@code rounds} times, so that the spread between rounds shows how much of a
 * difference is load from other processes.
 *
 * <p>The model has the {@code mini} preset's shape (4 layers, hidden 256) with random weights and a
 * WordPiece vocabulary learnt from eng.train, so the work per token is that of a trained mini model.
 * Every measurement follows a warm-up pass; the model is loaded before the first one, so no timing
 * includes a model load. Arguments: {@code eng.train eng.testb workDir [rounds]} (rounds default 1).
 */
public final class SparkTagBenchmark {

    private SparkTagBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path train = Path.of(args[0]);
        Path testb = Path.of(args[1]);
        Path work = Files.createDirectories(Path.of(args[2]));
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        String loadStart = loadAverage();
        java.time.Instant begun = java.time.Instant.now();
        Path model = writeMiniModel(train, work.resolve("model"));
        List<TestDocuments.Doc> docs = TestDocuments.conll(testb, 231);
        TaggerSettings settings = new TaggerSettings(model.toString(), "cpu", 32, Decoding.VITERBI);
        int defaultThreads = JniUtils.getNumThreads();

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

        List<String> rows = new ArrayList<>();
        DocumentTagger tagger = DocumentTagger.shared(settings);
        for (int round = 1; round <= rounds; round++) {
            for (int threads : new int[] {1, 2}) {
                JniUtils.setNumThreads(threads);
                tagAll(tagger, docs);
                long started = System.nanoTime();
                long tokens = tagAll(tagger, docs);
                double seconds = (System.nanoTime() - started) / 1e9;
                rows.add(row(round, "single process (DocumentTagger loop, no Spark)", threads, docs.size(), tokens,
                        seconds));
            }
            String[][] sparkRuns = {{"local[1]", "2"}, {"local[2]", "2"}, {"local[2]", "1"}};
            for (String[] run : sparkRuns) {
                int threads = Integer.parseInt(run[1]);
                JniUtils.setNumThreads(threads);
                SparkSession spark = SparkSession.builder().master(run[0]).appName("bertner-spark-benchmark")
                        .config("spark.ui.enabled", "false").getOrCreate();
                try {
                    RunSummary summary = null;
                    for (int pass = 0; pass < 2; pass++) {
                        summary = SparkTagJob.run(spark, TagJobConfig.builder(model.toString())
                                .setInputs(InputFormat.JSONL, List.of(input.toString()))
                                .setOutput(OutputFormat.PARQUET, work.resolve("out").toString())
                                .optOverwrite(true)
                                .build());
                    }
                    rows.add(row(round, "Spark " + run[0] + " (whole job: read, tag, write, summary)", threads,
                            summary.documents(), summary.tokens(), summary.seconds()));
                } finally {
                    spark.stop();
                }
            }
        }
        JniUtils.setNumThreads(defaultThreads);
        System.out.println("| round | run | PyTorch intra-op threads | documents | tokens | seconds | tokens/s |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "%nStarted %s; load average (1/5/15 min) %s at start, %s at end; %d processors;"
                + " PyTorch default intra-op threads %d.%n", begun, loadStart, loadAverage(),
                Runtime.getRuntime().availableProcessors(), defaultThreads);
    }

    private static String loadAverage() throws java.io.IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).split(" ");
        return parts[0] + " / " + parts[1] + " / " + parts[2];
    }

    private static long tagAll(DocumentTagger tagger, List<TestDocuments.Doc> docs) {
        long tokens = 0;
        for (TestDocuments.Doc d : docs) {
            tokens += tagger.tag(d.text()).tokens();
        }
        return tokens;
    }

    private static String row(int round, String name, int threads, long documents, long tokens, double seconds) {
        return String.format(Locale.ROOT, "| %d | %s | %d | %d | %d | %.1f | %.0f |", round, name, threads, documents,
                tokens, seconds, tokens / seconds);
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
