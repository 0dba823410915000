package io.github.bertner.inference;

import io.github.bertner.model.ModelSettings;
import io.github.bertner.model.SequenceContext;
import io.github.bertner.tagging.DecodeMode;
import io.github.bertner.tagging.Decoding;
import io.github.bertner.tagging.Span;
import io.github.bertner.tagging.TagCodec;
import io.github.bertner.tagging.ViterbiDecoder;
import io.github.bertner.tokenization.Batches;
import io.github.bertner.tokenization.EncodedBatch;
import io.github.bertner.tokenization.EncodedWindow;
import io.github.bertner.tokenization.ScoreType;
import io.github.bertner.tokenization.SequenceEncoder;
import io.github.bertner.tokenization.WordPredictions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one word-level prediction path, shared by the tagger, the {@code tag} command and training-time
 * dev/test evaluation: word sequences to windows, windows to token-budget batches, logits to one label
 * distribution per word (each word read from the window where it has most context), then Viterbi or argmax
 * per sentence and entity spans with confidences.
 *
 * <p>Input is a list of documents, each a list of sentences, each a list of words. Batches fill across
 * sentences and documents. With {@link SequenceContext#DOCUMENT} the sentences of a document are one word
 * sequence (as the model was trained) and only decoding runs per sentence.
 *
 * <p>Thread-safe. Model calls run one at a time; encoding and decoding run in the callers' threads. With
 * {@link Batching#SHARED} (the default) calls from several threads are coalesced: whichever caller runs the next
 * model call fills it with the oldest waiting windows of any caller, up to the budget. A word's distribution does
 * not depend on which windows share its batch, up to floating-point rounding of the batch's shape; a call with
 * {@link Batching#OWN} shares no model call, so its result is the same bit for bit however many threads run.
 */
public final class WordLevelPredictor {

    private final ModelSettings settings;
    private final SequenceEncoder encoder;
    private final List<String> labels;
    private final WordPredictions wordPredictions;
    private final ViterbiDecoder viterbi;
    private final LogitsFunction logits;
    private final BatchBudget budget;
    private final int padId;
    private final ReentrantLock modelLock = new ReentrantLock(true);
    private final Deque<Request> waiting = new ArrayDeque<>();

    /**
     * Creates the core for a model.
     *
     * @param settings the model's settings (scheme, alignment, window, context)
     * @param encoder  the encoder they describe ({@link ModelSettings#encoder})
     * @param logits   the model call
     * @param budget   the cap of one model call
     */
    public WordLevelPredictor(ModelSettings settings, SequenceEncoder encoder, LogitsFunction logits,
                              BatchBudget budget) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.logits = Objects.requireNonNull(logits, "logits");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.labels = encoder.labelSet().labels();
        this.wordPredictions = new WordPredictions(encoder.labelSet(), settings.labelAlignment(), ScoreType.LOGITS);
        this.viterbi = ViterbiDecoder.of(labels, settings.tagScheme());
        this.padId = encoder.tokenizer().vocab().padId();
    }

    /** @return the settings predictions follow */
    public ModelSettings settings() {
        return settings;
    }

    /** @return the word-piece encoder */
    public SequenceEncoder encoder() {
        return encoder;
    }

    /** @return the batch budget */
    public BatchBudget budget() {
        return budget;
    }

    /**
     * Predicts documents.
     *
     * @param documents for each document its sentences, for each sentence its words
     * @param decoding  Viterbi or argmax
     * @return for each document, one prediction per sentence, in order
     */
    public List<List<SentencePrediction>> predictDocuments(List<List<List<String>>> documents, Decoding decoding) {
        return predictDocuments(documents, decoding, Batching.SHARED);
    }

    /**
     * Predicts documents, choosing whether their windows may share model calls with concurrent calls.
     *
     * @param documents for each document its sentences, for each sentence its words
     * @param decoding  Viterbi or argmax
     * @param batching  {@link Batching#OWN} for results independent of other threads
     * @return for each document, one prediction per sentence, in order
     */
    public List<List<SentencePrediction>> predictDocuments(List<List<List<String>>> documents, Decoding decoding,
                                                           Batching batching) {
        Objects.requireNonNull(decoding, "decoding");
        Objects.requireNonNull(batching, "batching");
        List<Sequence> sequences = new ArrayList<>();
        for (List<List<String>> doc : documents) {
            if (settings.context() == SequenceContext.DOCUMENT) {
                sequences.add(Sequence.of(doc));
            } else {
                for (List<String> sentence : doc) {
                    sequences.add(Sequence.of(List.of(sentence)));
                }
            }
        }
        List<EncodedWindow> windows = new ArrayList<>();
        int[] firstWindow = new int[sequences.size() + 1];
        for (int s = 0; s < sequences.size(); s++) {
            firstWindow[s] = windows.size();
            List<String> words = sequences.get(s).words;
            if (!words.isEmpty()) {
                windows.addAll(encoder.encode(words, syntheticBegins(words), null));
            }
        }
        firstWindow[sequences.size()] = windows.size();
        float[][][] scores = score(windows, batching == Batching.OWN);
        List<List<SentencePrediction>> out = new ArrayList<>(documents.size());
        int s = 0;
        for (List<List<String>> doc : documents) {
            List<SentencePrediction> docOut = new ArrayList<>(doc.size());
            int sequencesOfDoc = settings.context() == SequenceContext.DOCUMENT ? 1 : doc.size();
            for (int k = 0; k < sequencesOfDoc; k++, s++) {
                Sequence seq = sequences.get(s);
                float[][] probabilities = seq.words.isEmpty() ? new float[0][]
                        : wordPredictions.decode(windows.subList(firstWindow[s], firstWindow[s + 1]),
                                Arrays.asList(scores).subList(firstWindow[s], firstWindow[s + 1]), seq.words.size());
                for (int j = 0; j < seq.sentenceStarts.length - 1; j++) {
                    docOut.add(decodeSentence(Arrays.copyOfRange(probabilities, seq.sentenceStarts[j],
                            seq.sentenceStarts[j + 1]), decoding));
                }
            }
            out.add(docOut);
        }
        return out;
    }

    /** Words of one model sequence and where each of its sentences starts (plus the end). */
    private record Sequence(List<String> words, int[] sentenceStarts) {
        static Sequence of(List<List<String>> sentences) {
            List<String> words = new ArrayList<>();
            int[] starts = new int[sentences.size() + 1];
            for (int i = 0; i < sentences.size(); i++) {
                starts[i] = words.size();
                words.addAll(sentences.get(i));
            }
            starts[sentences.size()] = words.size();
            return new Sequence(words, starts);
        }
    }

    private SentencePrediction decodeSentence(float[][] probabilities, Decoding decoding) {
        if (probabilities.length == 0) {
            return new SentencePrediction(List.of(), probabilities, List.of());
        }
        int[] ids = viterbi.decodeProbabilities(probabilities, decoding);
        List<String> tags = new ArrayList<>(ids.length);
        for (int id : ids) {
            tags.add(labels.get(id));
        }
        List<EntityPrediction> entities = new ArrayList<>();
        for (Span span : TagCodec.decode(tags, settings.tagScheme(), DecodeMode.LENIENT).spans()) {
            double sum = 0;
            for (int w = span.start(); w < span.end(); w++) {
                sum += probabilities[w][ids[w]];
            }
            double confidence = Math.min(1.0, Math.max(0.0, sum / (span.end() - span.start())));
            entities.add(new EntityPrediction(span.start(), span.end(), span.type(), confidence));
        }
        return new SentencePrediction(tags, probabilities, entities);
    }

    /** Offsets as if the words were joined by single spaces; windows only carry them along. */
    private static int[] syntheticBegins(List<String> words) {
        int[] begins = new int[words.size()];
        int offset = 0;
        for (int i = 0; i < begins.length; i++) {
            begins[i] = offset;
            offset += words.get(i).length() + 1;
        }
        return begins;
    }

    /** The windows of one caller, longest first, and their scores as they arrive. */
    private static final class Request {
        final List<EncodedWindow> windows;
        final boolean alone;
        final int[] order;
        final float[][][] scores;
        int next;
        int remaining;
        RuntimeException failure;

        Request(List<EncodedWindow> windows, boolean alone) {
            this.windows = windows;
            this.alone = alone;
            this.order = new int[windows.size()];
            Integer[] boxed = new Integer[windows.size()];
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = i;
            }
            Arrays.sort(boxed, Comparator.comparingInt((Integer i) -> windows.get(i).length()).reversed());
            for (int i = 0; i < boxed.length; i++) {
                order[i] = boxed[i];
            }
            this.scores = new float[windows.size()][][];
            this.remaining = windows.size();
        }
    }

    private float[][][] score(List<EncodedWindow> windows, boolean alone) {
        Request mine = new Request(windows, alone);
        if (windows.isEmpty()) {
            return mine.scores;
        }
        synchronized (waiting) {
            waiting.addLast(mine);
        }
        while (true) {
            modelLock.lock();
            try {
                if (mine.remaining == 0 || mine.failure != null) {
                    break;
                }
                runOneBatch();
            } finally {
                modelLock.unlock();
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.scores;
    }

    /** Runs the oldest waiting windows of any caller as one model call; holds {@link #modelLock}. */
    private void runOneBatch() {
        List<Request> owners = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        List<EncodedWindow> batch = new ArrayList<>();
        synchronized (waiting) {
            int longest = 0;
            outer:
            for (Request r : waiting) {
                if (!owners.isEmpty() && (r.alone || owners.get(0).alone)) {
                    // a call that batches alone neither joins nor is joined by another caller's windows
                    break;
                }
                while (r.next < r.order.length) {
                    EncodedWindow w = r.windows.get(r.order[r.next]);
                    int newLongest = Math.max(longest, w.length());
                    if (!budget.fits(batch.size() + 1, newLongest)) {
                        break outer;
                    }
                    longest = newLongest;
                    batch.add(w);
                    owners.add(r);
                    indices.add(r.order[r.next]);
                    r.next++;
                }
            }
            waiting.removeIf(r -> r.next == r.order.length);
        }
        if (batch.isEmpty()) {
            return;
        }
        float[][][] out;
        try {
            EncodedBatch encoded = Batches.collate(batch, padId);
            out = logits.logits(encoded.inputIds(), encoded.attentionMask());
        } catch (RuntimeException e) {
            synchronized (waiting) {
                for (Request r : owners) {
                    r.failure = e;
                    waiting.remove(r);
                }
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Request r = owners.get(i);
            // keep only the window's own positions: padded rows are never read
            r.scores[indices.get(i)] = Arrays.copyOf(out[i], batch.get(i).length());
            r.remaining--;
        }
    }
}
