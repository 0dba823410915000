package io.github.bertner.uima;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.inference.NerPredictor;
import io.github.bertner.io.Conll2003Reader;
import io.github.bertner.model.BertConfig;
import io.github.bertner.model.ModelSettings;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tokenization.TokenizerSettings;
import io.github.bertner.tokenization.VocabBuilder;
import io.github.bertner.tokenization.WordPieceVocab;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.cas.CAS;
import org.apache.uima.collection.CollectionReader;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.util.CasCreationUtils;
import org.dkpro.core.io.xmi.XmiWriter;
import org.dkpro.core.tokit.BreakIteratorSegmenter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Memory and speed benchmark of the {@link NerTagger} engine with random-weight models (speed and
 * memory do not depend on the weights).
 *
 * <p>Part 1 (memory): a plain uimaFIT pipeline, generated documents (CoNLL-2003 training sentences
 * as raw text) {@code ->} BreakIteratorSegmenter {@code ->} NerTagger {@code ->} XmiWriter to a temp
 * folder, sampling heap used (after a GC), resident set size (VmRSS) and the number of live DJL
 * NDArrays every 100 documents. Part 2 (speed): Conll2003Reader {@code ->} NerTagger over
 * CoNLL-2003 testb, tokens per second excluding model loading. Results go to a Markdown file.
 *
 * <p>Usage: {@code TaggerMemoryBenchmark <dataDir> [documents=1000] [memoryPreset=tiny]
 * [speedPreset=mini] [report=docs/benchmarks-tagger.md]}.
 */
public final class TaggerMemoryBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(TaggerMemoryBenchmark.class);
    private static final List<String> LABELS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG",
            "B-MISC", "I-MISC");
    private static final int SENTENCES_PER_DOCUMENT = 15;
    private static final int SAMPLE_EVERY = 100;

    private TaggerMemoryBenchmark() {
    }

    /** One measurement row. */
    private record Sample(int documents, long tokens, double seconds, long heapMiB, long rssMiB, long ndArrays) {
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code <dataDir> [documents] [memoryPreset] [speedPreset] [report]}
     * @throws Exception when data is missing or the pipeline fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException(
                    "expected arguments <dataDir> [documents] [memoryPreset] [speedPreset] [report], found none");
        }
        Path data = Path.of(args[0]);
        int documents = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        String memoryPreset = args.length > 2 ? args[2] : "tiny";
        String speedPreset = args.length > 3 ? args[3] : "mini";
        Path report = Path.of(args.length > 4 ? args[4] : "docs/benchmarks-tagger.md");

        String loadBefore = loadAverage();
        List<String> trainSentences = conllSentences(data.resolve("conll2003-en/eng.train"));
        Path work = Files.createTempDirectory("bertner-tagger-bench");
        try {
            WordPieceVocab vocab = VocabBuilder.builder().setVocabSize(8000)
                    .optSettings(TokenizerSettings.cased()).build().train(trainSentences);
            Path memoryModel = randomModel(work.resolve("model-" + memoryPreset), memoryPreset, vocab);
            List<Sample> samples = memoryRun(memoryModel, trainSentences, documents, work.resolve("xmi"));
            Path speedModel = memoryPreset.equals(speedPreset) ? memoryModel
                    : randomModel(work.resolve("model-" + speedPreset), speedPreset, vocab);
            Sample speed = speedRun(speedModel, data.resolve("conll2003-en/eng.testb"));
            writeReport(report, args, documents, memoryPreset, speedPreset, vocab.size(), samples, speed,
                    loadBefore + " at start, " + loadAverage() + " at end");
            LOG.info("report written to {}", report);
        } finally {
            deleteRecursively(work);
        }
    }

    private static List<String> conllSentences(Path file) throws IOException {
        List<String> sentences = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("-DOCSTART-")) {
                if (!words.isEmpty()) {
                    sentences.add(String.join(" ", words));
                    words.clear();
                }
                continue;
            }
            words.add(trimmed.split(" ")[0]);
        }
        if (!words.isEmpty()) {
            sentences.add(String.join(" ", words));
        }
        return sentences;
    }

    private static Path randomModel(Path dir, String preset, WordPieceVocab vocab) throws IOException {
        BertConfig config = BertConfig.preset(preset, vocab.size());
        try (TokenClassifierModel model = TokenClassifierModel.create(config, LABELS, Device.cpu(), 1)) {
            model.setVocabulary(vocab.tokens());
            ModelSettings.defaults(TokenizerSettings.cased()).withWindow(128, 32).writeTo(model);
            model.save(dir);
        }
        return dir;
    }

    private static List<Sample> memoryRun(Path model, List<String> sentences, int documents, Path xmiDir)
            throws Exception {
        AnalysisEngine pipeline = AnalysisEngineFactory.createEngine(AnalysisEngineFactory.createEngineDescription(
                AnalysisEngineFactory.createEngineDescription(BreakIteratorSegmenter.class,
                        BreakIteratorSegmenter.PARAM_LANGUAGE, "en"),
                AnalysisEngineFactory.createEngineDescription(NerTagger.class,
                        NerTagger.PARAM_MODEL_LOCATION, model.toString(),
                        NerTagger.PARAM_DEVICE, "cpu"),
                AnalysisEngineFactory.createEngineDescription(XmiWriter.class,
                        XmiWriter.PARAM_TARGET_LOCATION, xmiDir.toString(),
                        XmiWriter.PARAM_USE_DOCUMENT_ID, true,
                        XmiWriter.PARAM_OVERWRITE, true)));
        List<Sample> samples = new ArrayList<>();
        JCas jcas = pipeline.newJCas();
        long tokens = 0;
        long start = System.nanoTime();
        try {
            for (int d = 0; d < documents; d++) {
                jcas.reset();
                StringBuilder text = new StringBuilder();
                for (int s = 0; s < SENTENCES_PER_DOCUMENT; s++) {
                    text.append(sentences.get((d * SENTENCES_PER_DOCUMENT + s) % sentences.size())).append('\n');
                }
                jcas.setDocumentText(text.toString());
                jcas.setDocumentLanguage("en");
                DocumentMetaData meta = DocumentMetaData.create(jcas);
                meta.setDocumentId(String.format(Locale.ROOT, "doc-%05d", d));
                pipeline.process(jcas);
                tokens += JCasUtil.select(jcas, Token.class).size();
                if (d == 0 || (d + 1) % SAMPLE_EVERY == 0) {
                    Sample sample = sample(d + 1, tokens, (System.nanoTime() - start) / 1e9);
                    samples.add(sample);
                    LOG.info("{}", sample);
                }
            }
            pipeline.collectionProcessComplete();
        } finally {
            pipeline.destroy();
        }
        return samples;
    }

    private static Sample speedRun(Path model, Path testb) throws Exception {
        CollectionReader reader = CollectionReaderFactory.createReader(Conll2003Reader.class,
                Conll2003Reader.PARAM_SOURCE_LOCATION, testb.toString());
        AnalysisEngine tagger = AnalysisEngineFactory.createEngine(NerTagger.class,
                NerTagger.PARAM_MODEL_LOCATION, model.toString(),
                NerTagger.PARAM_DEVICE, "cpu");
        CAS cas = CasCreationUtils.createCas(List.of(reader.getProcessingResourceMetaData(),
                tagger.getProcessingResourceMetaData()));
        long tokens = 0;
        int documents = 0;
        long start = System.nanoTime();
        try {
            while (reader.hasNext()) {
                cas.reset();
                reader.getNext(cas);
                tagger.process(cas);
                tokens += JCasUtil.select(cas.getJCas(), Token.class).size();
                documents++;
            }
            tagger.collectionProcessComplete();
        } finally {
            tagger.destroy();
            reader.destroy();
        }
        Sample sample = sample(documents, tokens, (System.nanoTime() - start) / 1e9);
        LOG.info("speed: {}", sample);
        return sample;
    }

    private static Sample sample(int documents, long tokens, double seconds) throws IOException {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heap = (rt.totalMemory() - rt.freeMemory()) >> 20;
        return new Sample(documents, tokens, seconds, heap, rssKiB() >> 10, liveNdArrays());
    }

    /** The PyTorch thread settings this run was started with, as they appear on the command line. */
    private static String threadFlags() {
        StringBuilder flags = new StringBuilder();
        for (String key : List.of("ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads")) {
            String value = System.getProperty(key);
            if (value != null) {
                flags.append("-D").append(key).append('=').append(value).append(' ');
            }
        }
        return flags.toString();
    }

    private static String loadAverage() throws IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).split(" ");
        return parts[0] + " / " + parts[1] + " / " + parts[2];
    }

    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** NDArrays held by every manager below the engine's system manager (includes model parameters). */
    private static long liveNdArrays() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return countArrays(probe.getParentManager());
        }
    }

    private static long countArrays(NDManager manager) {
        try {
            // DJL exposes no resource count; the field is the manager's own registry of attached resources
            Field field = BaseNDManager.class.getDeclaredField("resources");
            field.setAccessible(true);
            long count = 0;
            for (Object resource : ((Map<?, ?>) field.get(manager)).values()) {
                if (resource instanceof NDArray) {
                    count++;
                } else if (resource instanceof NDManager child) {
                    count += countArrays(child);
                }
            }
            return count;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read DJL manager resources", e);
        }
    }

    private static void writeReport(Path report, String[] args, int documents, String memoryPreset,
                                    String speedPreset, int vocabSize, List<Sample> samples, Sample speed,
                                    String load) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Tagger benchmarks\n\n");
        md.append("Date: 2026-11-26. Machine: ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPU cores, Java ").append(System.getProperty("java.version"))
                .append(", DJL PyTorch CPU, max heap ").append(Runtime.getRuntime().maxMemory() >> 20)
                .append(" MiB. Load average (1/5/15 min) ").append(load)
                .append(": other jobs shared the cores, so absolute speeds are lower bounds. PyTorch ran with one "
                        + "intra-op thread: on an oversubscribed machine PyTorch's default of one thread per core "
                        + "spends most of its CPU time in spinning OpenMP workers.\n\nCommand:\n\n```\nmvn -o -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt\n")
                .append("DJL_OFFLINE=true DJL_CACHE_DIR=target/djl-cache java -Xmx2g ").append(threadFlags())
                .append("-cp target/classes:$(cat target/cp.txt) \\\n")
                .append("  io.github.bertner.uima.TaggerMemoryBenchmark ").append(String.join(" ", args)).append("\n```\n\n");
        md.append("Models have random weights (speed and memory do not depend on them): vocabulary of ")
                .append(vocabSize).append(" word pieces learnt from CoNLL-2003 train, ").append(LABELS.size())
                .append(" IOB2 labels, windows of 128 pieces (stride 32), batch size 32, Viterbi decoding.\n\n");
        md.append("## Memory over a long collection\n\n");
        md.append(String.format(Locale.ROOT, "Pipeline: generated documents (%d CoNLL-2003 train sentences each, as raw "
                + "text) -> BreakIteratorSegmenter -> NerTagger (%s preset) -> XmiWriter (temp folder); %d documents. "
                + "Heap is measured after System.gc(); NDArrays are all arrays attached to DJL managers, model "
                + "parameters included.%n%n", SENTENCES_PER_DOCUMENT, memoryPreset, documents));
        md.append("| documents | tokens | seconds | heap used MiB | RSS MiB | live NDArrays |\n");
        md.append("|---:|---:|---:|---:|---:|---:|\n");
        for (Sample s : samples) {
            md.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %d | %d | %d |%n", s.documents(), s.tokens(),
                    s.seconds(), s.heapMiB(), s.rssMiB(), s.ndArrays()));
        }
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        md.append(String.format(Locale.ROOT, "%nThroughput of the whole pipeline: %.0f tokens/s.%n",
                last.tokens() / last.seconds()));
        md.append(String.format(Locale.ROOT, "From the first to the last sample: heap %+d MiB, RSS %+d MiB, NDArrays %+d.%n",
                last.heapMiB() - first.heapMiB(), last.rssMiB() - first.rssMiB(), last.ndArrays() - first.ndArrays()));
        md.append("\n## Tagging speed on CoNLL-2003 testb\n\n");
        md.append(String.format(Locale.ROOT, "Pipeline: Conll2003Reader (eng.testb) -> NerTagger (%s preset, random "
                + "weights), model loading excluded: %d documents, %d tokens in %.1f s = **%.0f tokens/s**; "
                + "RSS afterwards %d MiB.%n", speedPreset, speed.documents(), speed.tokens(), speed.seconds(),
                speed.tokens() / speed.seconds(), speed.rssMiB()));
        if (report.getParent() != null) {
            Files.createDirectories(report.getParent());
        }
        Files.writeString(report, md.toString(), StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
