package io.github.bertner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.inference.Batching;
import io.github.bertner.inference.EntityPrediction;
import io.github.bertner.inference.NerPredictor;
import io.github.bertner.inference.SentencePrediction;
import io.github.bertner.tagging.Decoding;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.jcas.JCas;

/**
 * Speed and memory of tagging with one {@link NerTagger} against four tagger instances on four threads that share
 * one model, over the first documents of CoNLL-2003 testb with a real model. Each setting runs in a fresh JVM (so
 * peak RSS belongs to it alone):
 * <ul>
 *   <li>{@code 1 tagger}: one NerTagger, documents one after the other;</li>
 *   <li>{@code 4 taggers, own batches}: four NerTaggers on four threads, one shared model, the default
 *       {@code shareBatches=false} (results identical to one tagger);</li>
 *   <li>{@code 4 taggers, shared batches}: the same with {@code shareBatches=true};</li>
 *   <li>{@code 4 unshared predictors}: four separately loaded {@link NerPredictor}s on four threads, what four
 *       taggers would cost without the shared cache.</li>
 * </ul>
 * Model loading is excluded from the time and included in the RSS. The four-thread settings also check that the
 * entities equal the one-tagger run's (an entity count and a checksum of spans, types and confidences).
 *
 * <p>Usage: {@code SharedModelBenchmark <eng.testb> <modelDir> [documents=200] [report.md]}; the report section is
 * appended to the file (and printed). A child JVM is started with
 * {@code SharedModelBenchmark --child <setting> <eng.testb> <modelDir> <documents>}.
 */
public final class SharedModelBenchmark {

    private static final String[] SETTINGS = {"1 tagger", "4 taggers, own batches", "4 taggers, shared batches",
        "4 unshared predictors"};

    private SharedModelBenchmark() {
    }

    /**
     * Runs the benchmark or, with {@code --child}, one setting of it.
     *
     * @param args see the class comment
     * @throws Exception when the data or model is missing or a run fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(Integer.parseInt(args[1]), Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]));
            return;
        }
        if (args.length < 2) {
            throw new IllegalArgumentException("expected <eng.testb> <modelDir> [documents] [report.md], found "
                    + args.length + " argument(s)");
        }
        Path testb = Path.of(args[0]);
        Path model = Path.of(args[1]);
        int documents = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        List<String> rows = new ArrayList<>();
        String load = loadAverage();
        for (int setting = 0; setting < SETTINGS.length; setting++) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            for (String option : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (option.startsWith("-X") || option.startsWith("-D")) {
                    command.add(option);
                }
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), SharedModelBenchmark.class.getName(),
                    "--child", String.valueOf(setting), testb.toString(), model.toString(), String.valueOf(documents)));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String row = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("ROW ")) {
                        row = line.substring(4);
                    } else if (!line.contains("WARN ai.djl")) {
                        System.err.println(line);
                    }
                }
            }
            if (p.waitFor() != 0 || row == null) {
                throw new IllegalStateException("setting '" + SETTINGS[setting] + "' failed: exit " + p.exitValue());
            }
            System.out.println(row);
            rows.add(row);
        }
        StringBuilder md = new StringBuilder();
        md.append("\n## One tagger vs four taggers sharing one model\n\n");
        md.append(String.format(Locale.ROOT, "Date: %s. Model: %s. Input: the first %d documents of %s. "
                + "JVM options: %s. MALLOC_ARENA_MAX: %s. Load average (1/5/15 min) %s at start, %s at end.%n%n",
                LocalDate.now(), model, documents, testb.getFileName(), String.join(" ",
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()),
                System.getenv().getOrDefault("MALLOC_ARENA_MAX", "unset"), load, loadAverage()));
        md.append("| setting | documents | tokens | model loads | seconds | tokens/s | peak RSS MiB | RSS after MiB "
                + "| heap committed MiB | RSS after − heap MiB | entities | entity checksum |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (String row : rows) {
            md.append(row).append('\n');
        }
        System.out.print(md);
        if (args.length > 3) {
            Files.writeString(Path.of(args[3]), md, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
    }

    /** Runs one setting and prints its Markdown row after {@code ROW }. */
    private static void child(int setting, Path testb, Path model, int count) throws Exception {
        List<List<List<String>>> documents = readDocuments(testb, count);
        long tokens = documents.stream().flatMap(List::stream).mapToLong(List::size).sum();
        int threads = setting == 0 ? 1 : 4;
        long loadsBefore = NerPredictor.loadCount();
        List<String>[] results = newResults(documents.size());
        List<AnalysisEngine> taggers = new ArrayList<>();
        List<NerPredictor> predictors = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            if (setting == 3) {
                predictors.add(NerPredictor.builder(model).optDevice("cpu").build());
            } else {
                taggers.add(AnalysisEngineFactory.createEngine(NerTagger.class,
                        NerTagger.PARAM_MODEL_LOCATION, model.toString(), NerTagger.PARAM_DEVICE, "cpu",
                        NerTagger.PARAM_SHARE_BATCHES, setting == 2));
            }
        }
        long loads = NerPredictor.loadCount() - loadsBefore;
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                JCas jcas = JCasFactory.createJCas();
                // documents are dealt one at a time to whichever thread is free, as a pipeline would
                for (int d; (d = next.getAndIncrement()) < documents.size(); ) {
                    if (setting == 3) {
                        results[d] = describe(documents.get(d), predictors.get(thread).predictAll(documents.get(d),
                                Decoding.VITERBI, Batching.OWN));
                    } else {
                        fill(jcas, documents.get(d));
                        taggers.get(thread).process(jcas);
                        results[d] = NerTaggerTest.describe(jcas);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        long rssAfter = status("VmRSS:");
        long peak = status("VmHWM:");
        // RSS counts the Java heap the JVM has committed: report it, so that what is left is native memory
        long heapCommitted = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage()
                .getCommitted() >> 20;
        long entities = 0;
        long checksum = 1;
        for (List<String> doc : results) {
            entities += doc.size();
            checksum = 31 * checksum + doc.hashCode();
        }
        for (AnalysisEngine t : taggers) {
            t.destroy();
        }
        for (NerPredictor p : predictors) {
            p.close();
        }
        System.out.printf(Locale.ROOT, "ROW | %s | %d | %d | %d | %.1f | %.0f | %d | %d | %d | %d | %d | %08x |%n",
                SETTINGS[setting], documents.size(), tokens, loads, seconds, tokens / seconds, peak >> 10,
                rssAfter >> 10, heapCommitted, (rssAfter >> 10) - heapCommitted, entities,
                (int) (checksum ^ (checksum >>> 32)));
    }

    @SuppressWarnings("unchecked")
    private static List<String>[] newResults(int n) {
        return new List[n];
    }

    /**
     * Entities of one document in {@link NerTaggerTest#describe}'s form, with the character offsets {@link #fill}
     * gives the words (joined by single spaces, sentences too).
     */
    private static List<String> describe(List<List<String>> sentences, List<SentencePrediction> predictions) {
        List<String> out = new ArrayList<>();
        int offset = 0;
        for (int s = 0; s < sentences.size(); s++) {
            List<String> words = sentences.get(s);
            int[] begins = new int[words.size()];
            for (int w = 0; w < words.size(); w++) {
                begins[w] = offset;
                offset += words.get(w).length() + 1;
            }
            for (EntityPrediction e : predictions.get(s).entities()) {
                out.add(begins[e.start()] + "-" + (begins[e.end() - 1] + words.get(e.end() - 1).length()) + " "
                        + e.type() + " " + e.confidence());
            }
        }
        return out;
    }

    /** Sets the document's words as text (joined by spaces) with one Token per word and one Sentence each. */
    private static void fill(JCas jcas, List<List<String>> sentences) {
        jcas.reset();
        StringBuilder text = new StringBuilder();
        for (List<String> sentence : sentences) {
            int begin = text.length();
            for (String w : sentence) {
                new Token(jcas, text.length(), text.length() + w.length()).addToIndexes();
                text.append(w).append(' ');
            }
            new Sentence(jcas, begin, text.length() - 1).addToIndexes();
        }
        jcas.setDocumentText(text.toString());
    }

    /** The words of each sentence of the first documents of a CoNLL-2003 file. */
    static List<List<List<String>>> readDocuments(Path file, int count) throws IOException {
        List<List<List<String>>> documents = new ArrayList<>();
        List<String> sentence = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("-DOCSTART-")) {
                if (documents.size() == count) {
                    break;
                }
                documents.add(new ArrayList<>());
            } else if (line.isBlank()) {
                if (!sentence.isEmpty()) {
                    documents.get(documents.size() - 1).add(sentence);
                    sentence = new ArrayList<>();
                }
            } else {
                sentence.add(line.split(" ")[0]);
            }
        }
        if (!sentence.isEmpty()) {
            documents.get(documents.size() - 1).add(sentence);
        }
        return documents;
    }

    private static long status(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " / " + f[1] + " / " + f[2];
    }
}
