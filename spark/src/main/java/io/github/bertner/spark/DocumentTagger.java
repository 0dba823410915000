package io.github.bertner.spark;

import io.github.bertner.inference.EntityPrediction;
import io.github.bertner.inference.NerPredictor;
import io.github.bertner.inference.SentencePrediction;
import io.github.bertner.io.Segmentation;
import io.github.bertner.io.TextRange;
import io.github.bertner.io.TextSegmenter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Text in, entities with character offsets out: the one place where this module touches the
 * tagger of bertner-uima ({@link TextSegmenter} for tokens and sentences, {@link NerPredictor} for
 * the model).
 *
 * <p>A document is split into sentences and tokens by {@link TextSegmenter}, all its sentences go
 * to the predictor in one {@link NerPredictor#predictAll} call (as {@code NerTagger} does for one
 * CAS), and word-index entities become character ranges of the text.
 *
 * <p>{@link #shared} keeps one tagger per settings and JVM, loaded on first use, so every task of
 * an executor uses the same model in memory. {@link NerPredictor} is documented as not
 * thread-safe, so the calls into it are serialized by a lock here; segmentation and the offset
 * mapping run outside the lock. When the predictor becomes shareable across threads, the lock in
 * {@link #predict} is what goes.
 */
public final class DocumentTagger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentTagger.class);
    private static final ConcurrentMap<TaggerSettings, DocumentTagger> SHARED = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(DocumentTagger::closeShared, "bertner-tagger-close"));
    }

    private final TaggerSettings settings;
    private final NerPredictor predictor;
    private final ReentrantLock predictorLock = new ReentrantLock();

    private DocumentTagger(TaggerSettings settings, NerPredictor predictor) {
        this.settings = settings;
        this.predictor = predictor;
    }

    /**
     * Loads a tagger that the caller owns and closes.
     *
     * @param settings model folder (a path on this machine) and predictor options
     * @return the tagger
     * @throws IOException when a model file cannot be read
     */
    public static DocumentTagger open(TaggerSettings settings) throws IOException {
        NerPredictor predictor = NerPredictor.builder(Path.of(settings.modelLocation()))
                .optDevice(settings.device())
                .optBatchSize(settings.batchSize())
                .optDecoding(settings.decoding())
                .build();
        LOADS.incrementAndGet();
        return new DocumentTagger(settings, predictor);
    }

    /**
     * The tagger of this JVM for these settings, loaded on the first call; later calls (from any
     * thread) get the same instance. Closed when the JVM exits.
     *
     * @param settings model folder (a path on this machine) and predictor options
     * @return the shared tagger; do not close it
     * @throws UncheckedIOException when a model file cannot be read
     */
    public static DocumentTagger shared(TaggerSettings settings) {
        return SHARED.computeIfAbsent(settings, s -> {
            try {
                DocumentTagger tagger = open(s);
                LOG.info("loaded shared tagger for {} in this JVM", s.modelLocation());
                return tagger;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load model from " + s.modelLocation() + ": " + e.getMessage(), e);
            }
        });
    }

    /** @return how many models this JVM has loaded through {@link #open} and {@link #shared} */
    public static int loads() {
        return LOADS.get();
    }

    /** Closes and forgets every shared tagger of this JVM. */
    public static void closeShared() {
        for (TaggerSettings key : List.copyOf(SHARED.keySet())) {
            DocumentTagger tagger = SHARED.remove(key);
            if (tagger != null) {
                tagger.predictor.close();
            }
        }
    }

    /** @return the settings this tagger was loaded with */
    public TaggerSettings settings() {
        return settings;
    }

    /**
     * Tags one document.
     *
     * @param text the document text
     * @return tokens, sentences and entities with character offsets into {@code text}
     */
    public TaggedDocument tag(String text) {
        Segmentation segmentation = TextSegmenter.segment(text);
        List<TextRange> tokens = segmentation.tokens();
        List<List<TextRange>> sentenceTokens = new ArrayList<>(segmentation.sentences().size());
        List<List<String>> sentenceWords = new ArrayList<>(segmentation.sentences().size());
        int t = 0;
        for (TextRange sentence : segmentation.sentences()) {
            List<TextRange> covered = new ArrayList<>();
            List<String> words = new ArrayList<>();
            // sentences cover whole tokens in text order, so one pass over the tokens suffices
            while (t < tokens.size() && tokens.get(t).end() <= sentence.end()) {
                TextRange token = tokens.get(t++);
                covered.add(token);
                words.add(text.substring(token.begin(), token.end()));
            }
            sentenceTokens.add(covered);
            sentenceWords.add(words);
        }
        List<SentencePrediction> predictions = predict(sentenceWords);
        List<TaggedEntity> entities = new ArrayList<>();
        for (int s = 0; s < predictions.size(); s++) {
            List<TextRange> covered = sentenceTokens.get(s);
            for (EntityPrediction entity : predictions.get(s).entities()) {
                int begin = covered.get(entity.start()).begin();
                int end = covered.get(entity.end() - 1).end();
                entities.add(new TaggedEntity(begin, end, entity.type(), text.substring(begin, end),
                        entity.confidence()));
            }
        }
        return new TaggedDocument(tokens.size(), sentenceWords.size(), entities);
    }

    private List<SentencePrediction> predict(List<List<String>> sentences) {
        predictorLock.lock();
        try {
            return predictor.predictAll(sentences);
        } finally {
            predictorLock.unlock();
        }
    }

    /** Frees the model; only for taggers from {@link #open}. */
    @Override
    public void close() {
        if (SHARED.get(settings) == this) {
            throw new IllegalStateException("a shared tagger is closed by closeShared, not by its users");
        }
        predictor.close();
    }
}
