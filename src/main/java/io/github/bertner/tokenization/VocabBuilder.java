package io.github.bertner.tokenization;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/**
 * Learns a WordPiece vocabulary ({@code vocab.txt}) from raw text.
 *
 * <p>Algorithm (the one HF's {@code WordPieceTrainer} uses: BPE pair merges with "##" marking):
 * <ol>
 *   <li>Every line is basic-tokenized exactly as {@link BertWordPieceTokenizer} does with the
 *       configured {@link TokenizerSettings} (cased by default), and word frequencies are counted.</li>
 *   <li>The alphabet is every code point whose frequency (over word occurrences) reaches
 *       {@link Builder#optMinCharFrequency(int)}. Each alphabet character enters the vocabulary
 *       twice, as a word-initial piece "c" and as a continuation "##c", so every word made of
 *       alphabet characters tokenizes without [UNK]. Words containing a character outside the
 *       alphabet are left out of merge learning (counted and logged).</li>
 *   <li>Each word starts as its characters ("w", "##o", "##r", "##d"); the most frequent adjacent
 *       pair (weighted by word frequency) is merged repeatedly ("w" + "##o" = "wo",
 *       "##r" + "##d" = "##rd") until the vocabulary is full or no pair occurs
 *       {@link Builder#optMinPairFrequency(int)} times.</li>
 * </ol>
 * Layout of the result: [PAD] at id 0; then {@link Builder#optUnusedTokens(int)} tokens
 * "[unused0]", "[unused1]", ... (0 by default; 99 gives the original BERT layout with [UNK] at
 * 100); then [UNK], [CLS], [SEP], [MASK]; then the alphabet by descending frequency (ties by code
 * point); then the "##" forms in the same order; then the merged pieces in merge order.
 *
 * <p>There is no randomness: the output depends only on the input text and the settings (ties
 * between equally frequent pairs are broken by the order of first appearance of their symbols,
 * which is itself fixed by sorting the distinct words), so no seed is needed for repeatability.
 */
public final class VocabBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(VocabBuilder.class);

    private final int vocabSize;
    private final TokenizerSettings settings;
    private final int minCharFrequency;
    private final int minPairFrequency;
    private final int unusedTokens;

    private VocabBuilder(Builder b) {
        this.vocabSize = b.vocabSize;
        this.settings = b.settings;
        this.minCharFrequency = b.minCharFrequency;
        this.minPairFrequency = b.minPairFrequency;
        this.unusedTokens = b.unusedTokens;
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configuration of a {@link VocabBuilder}. */
    public static final class Builder {
        private int vocabSize = -1;
        private TokenizerSettings settings = TokenizerSettings.cased();
        private int minCharFrequency = 1;
        private int minPairFrequency = 2;
        private int unusedTokens;

        private Builder() {
        }

        /**
         * Target vocabulary size (required), including special and unused tokens.
         *
         * @param size the size
         * @return this builder
         */
        public Builder setVocabSize(int size) {
            this.vocabSize = size;
            return this;
        }

        /**
         * Normalisation used to split the training text; the same settings must be used by the
         * tokenizer later. Default: {@link TokenizerSettings#cased()}.
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder optSettings(TokenizerSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Minimum frequency for a character to enter the alphabet (default 1: every character).
         *
         * @param min the minimum, at least 1
         * @return this builder
         */
        public Builder optMinCharFrequency(int min) {
            this.minCharFrequency = min;
            return this;
        }

        /**
         * Minimum frequency of a pair for it to be merged (default 2).
         *
         * @param min the minimum, at least 1
         * @return this builder
         */
        public Builder optMinPairFrequency(int min) {
            this.minPairFrequency = min;
            return this;
        }

        /**
         * Number of "[unusedN]" placeholders between [PAD] and [UNK] (default 0; 99 reproduces
         * the original BERT ids [UNK]=100, [CLS]=101, [SEP]=102, [MASK]=103).
         *
         * @param count the count, at least 0
         * @return this builder
         */
        public Builder optUnusedTokens(int count) {
            this.unusedTokens = count;
            return this;
        }

        /**
         * Validates the configuration.
         *
         * @return the vocabulary builder
         * @throws IllegalArgumentException when a value is out of range
         */
        public VocabBuilder build() {
            if (vocabSize < 5) {
                throw new IllegalArgumentException("expected a vocabulary size >= 5 (set with setVocabSize), found "
                        + vocabSize);
            }
            if (minCharFrequency < 1 || minPairFrequency < 1 || unusedTokens < 0) {
                throw new IllegalArgumentException("expected minCharFrequency >= 1, minPairFrequency >= 1, "
                        + "unusedTokens >= 0, found " + minCharFrequency + ", " + minPairFrequency + ", " + unusedTokens);
            }
            return new VocabBuilder(this);
        }
    }

    /**
     * Learns a vocabulary from lines of text.
     *
     * @param lines the training text
     * @return the vocabulary
     * @throws IllegalArgumentException when the size cannot hold the specials and the alphabet
     */
    public WordPieceVocab train(Iterable<String> lines) {
        WordCounter counter = new WordCounter(settings);
        for (String line : lines) {
            counter.add(line);
        }
        return learn(counter.counts);
    }

    /**
     * Learns a vocabulary from a stream of lines.
     *
     * @param lines the training text
     * @return the vocabulary
     */
    public WordPieceVocab train(Stream<String> lines) {
        WordCounter counter = new WordCounter(settings);
        lines.forEachOrdered(counter::add);
        return learn(counter.counts);
    }

    /**
     * Learns a vocabulary from UTF-8 text files, line by line.
     *
     * @param files the files
     * @return the vocabulary
     * @throws IOException if a file cannot be read or is not UTF-8
     */
    public WordPieceVocab trainFiles(Collection<Path> files) throws IOException {
        WordCounter counter = new WordCounter(settings);
        for (Path file : files) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    counter.add(line);
                }
            } catch (CharacterCodingException e) {
                throw new IOException(file + ": expected UTF-8 text, found malformed bytes", e);
            }
        }
        return learn(counter.counts);
    }

    /** Word frequencies of basic-tokenized text. */
    private static final class WordCounter {
        final Map<String, int[]> counts = new HashMap<>();
        final BertWordPieceTokenizer basic;

        WordCounter(TokenizerSettings settings) {
            basic = new BertWordPieceTokenizer(WordPieceVocab.of(List.of(WordPieceVocab.PAD, WordPieceVocab.UNK,
                    WordPieceVocab.CLS, WordPieceVocab.SEP, WordPieceVocab.MASK)), settings);
        }

        void add(String line) {
            basic.basicTokens(line, w -> counts.computeIfAbsent(w, k -> new int[1])[0]++);
        }
    }

    private WordPieceVocab learn(Map<String, int[]> counts) {
        long started = System.nanoTime();
        List<String> vocab = new ArrayList<>(vocabSize);
        vocab.add(WordPieceVocab.PAD);
        for (int i = 0; i < unusedTokens; i++) {
            vocab.add("[unused" + i + "]");
        }
        vocab.add(WordPieceVocab.UNK);
        vocab.add(WordPieceVocab.CLS);
        vocab.add(WordPieceVocab.SEP);
        vocab.add(WordPieceVocab.MASK);
        if (vocab.size() > vocabSize) {
            throw new IllegalArgumentException("expected a vocabulary size >= " + vocab.size()
                    + " for the special and unused tokens, found " + vocabSize);
        }

        // Distinct words in sorted order make every later tie-break independent of hash order.
        String[] words = counts.keySet().toArray(new String[0]);
        Arrays.sort(words);
        long[] charFreq = new long[Character.MAX_CODE_POINT + 1];
        long occurrences = 0;
        for (String w : words) {
            int f = counts.get(w)[0];
            occurrences += f;
            for (int i = 0; i < w.length(); ) {
                int cp = w.codePointAt(i);
                i += Character.charCount(cp);
                charFreq[cp] += f;
            }
        }
        List<Integer> alphabet = new ArrayList<>();
        for (int cp = 0; cp < charFreq.length; cp++) {
            if (charFreq[cp] >= minCharFrequency) {
                alphabet.add(cp);
            }
        }
        alphabet.sort((a, b) -> charFreq[a] != charFreq[b] ? Long.compare(charFreq[b], charFreq[a])
                : Integer.compare(a, b));
        int needed = vocab.size() + 2 * alphabet.size();
        if (needed > vocabSize) {
            throw new IllegalArgumentException("expected a vocabulary size >= " + needed + " (" + vocab.size()
                    + " special tokens + " + alphabet.size() + " characters in two forms), found " + vocabSize
                    + "; raise the size or optMinCharFrequency");
        }

        SymbolTable symbols = new SymbolTable();
        for (int cp : alphabet) {
            vocab.add(symbols.string(symbols.intern(new String(Character.toChars(cp)))));
        }
        for (int cp : alphabet) {
            vocab.add(symbols.string(symbols.intern(WordPieceVocab.CONTINUATION_PREFIX
                    + new String(Character.toChars(cp)))));
        }

        // Words as symbol sequences; words with a character outside the alphabet are skipped.
        List<int[]> seqs = new ArrayList<>(words.length);
        List<Integer> freqs = new ArrayList<>(words.length);
        int skipped = 0;
        for (String w : words) {
            int[] seq = new int[w.codePointCount(0, w.length())];
            int k = 0;
            boolean ok = true;
            for (int i = 0; i < w.length(); ) {
                int cp = w.codePointAt(i);
                i += Character.charCount(cp);
                if (charFreq[cp] < minCharFrequency) {
                    ok = false;
                    break;
                }
                String c = new String(Character.toChars(cp));
                seq[k] = symbols.id(k == 0 ? c : WordPieceVocab.CONTINUATION_PREFIX + c);
                k++;
            }
            if (ok) {
                seqs.add(seq);
                freqs.add(counts.get(w)[0]);
            } else {
                skipped++;
            }
        }
        if (skipped > 0) {
            LOG.info("skipped {} distinct words with characters below the minimum frequency {}", skipped,
                    minCharFrequency);
        }

        Merger merger = new Merger(seqs, freqs);
        int merges = 0;
        while (vocab.size() < vocabSize) {
            long[] best = merger.best();
            if (best == null || best[0] < minPairFrequency) {
                LOG.info("stopped at {} tokens (requested {}): no pair occurs {} times", vocab.size(), vocabSize,
                        minPairFrequency);
                break;
            }
            int a = (int) (best[1] >>> 32);
            int b = (int) best[1];
            String merged = symbols.string(a) + symbols.string(b).substring(WordPieceVocab.CONTINUATION_PREFIX.length());
            boolean isNew = symbols.id(merged) < 0;
            int c = symbols.intern(merged);
            merger.merge(a, b, c);
            merges++;
            if (isNew) {
                vocab.add(merged);
            }
        }
        LOG.info("learned {} tokens from {} word occurrences ({} distinct, {} characters, {} merges) in {} ms",
                vocab.size(), occurrences, words.length, alphabet.size(), merges,
                (System.nanoTime() - started) / 1_000_000);
        return WordPieceVocab.of(vocab);
    }

    /** Bidirectional symbol string/id table; ids are assigned in first-interned order. */
    private static final class SymbolTable {
        final Map<String, Integer> ids = new HashMap<>();
        final List<String> strings = new ArrayList<>();

        int intern(String s) {
            Integer id = ids.get(s);
            if (id != null) {
                return id;
            }
            ids.put(s, strings.size());
            strings.add(s);
            return strings.size() - 1;
        }

        int id(String s) {
            Integer id = ids.get(s);
            return id == null ? -1 : id;
        }

        String string(int id) {
            return strings.get(id);
        }
    }

    /** Pair counts with an index from pair to the words containing it and a lazy max-heap. */
    private static final class Merger {
        final int[][] seqs;
        final int[] seqLen;
        final int[] freqs;
        final HashMap<Long, long[]> pairCount = new HashMap<>();
        final HashMap<Long, IntList> where = new HashMap<>();
        /** Entries {count, pairKey}; stale when the count no longer matches pairCount. */
        final PriorityQueue<long[]> heap = new PriorityQueue<>((x, y) -> x[0] != y[0]
                ? Long.compare(y[0], x[0]) : Long.compare(x[1], y[1]));

        Merger(List<int[]> seqList, List<Integer> freqList) {
            int n = seqList.size();
            seqs = new int[n][];
            seqLen = new int[n];
            freqs = new int[n];
            for (int w = 0; w < n; w++) {
                seqs[w] = seqList.get(w);
                seqLen[w] = seqs[w].length;
                freqs[w] = freqList.get(w);
                int[] s = seqs[w];
                for (int i = 0; i + 1 < s.length; i++) {
                    long key = key(s[i], s[i + 1]);
                    pairCount.computeIfAbsent(key, k -> new long[1])[0] += freqs[w];
                    where.computeIfAbsent(key, k -> new IntList()).addDistinctLast(w);
                }
            }
            for (Map.Entry<Long, long[]> e : pairCount.entrySet()) {
                heap.add(new long[] {e.getValue()[0], e.getKey()});
            }
        }

        static long key(int a, int b) {
            return ((long) a << 32) | (b & 0xFFFFFFFFL);
        }

        /** The most frequent pair as {count, key}, or null when none is left. */
        long[] best() {
            while (!heap.isEmpty()) {
                long[] top = heap.peek();
                long[] current = pairCount.get(top[1]);
                if (current != null && current[0] == top[0] && top[0] > 0) {
                    return top;
                }
                heap.poll();
            }
            return null;
        }

        void merge(int a, int b, int c) {
            long mergedKey = key(a, b);
            IntList list = where.remove(mergedKey);
            pairCount.remove(mergedKey);
            HashMap<Long, long[]> delta = new HashMap<>();
            for (int idx = 0; idx < list.size; idx++) {
                int w = list.data[idx];
                int[] s = seqs[w];
                int len = seqLen[w];
                int f = freqs[w];
                int out = 0;
                boolean changed = false;
                for (int i = 0; i < len; ) {
                    if (i + 1 < len && s[i] == a && s[i + 1] == b) {
                        if (!changed) {
                            for (int k = 0; k + 1 < len; k++) {
                                addDelta(delta, key(s[k], s[k + 1]), -f);
                            }
                            changed = true;
                        }
                        s[out++] = c;
                        i += 2;
                    } else {
                        s[out++] = s[i++];
                    }
                }
                if (!changed) {
                    continue;
                }
                seqLen[w] = out;
                for (int k = 0; k + 1 < out; k++) {
                    long pk = key(s[k], s[k + 1]);
                    addDelta(delta, pk, f);
                    if (s[k] == c || s[k + 1] == c) {
                        where.computeIfAbsent(pk, x -> new IntList()).addDistinctLast(w);
                    }
                }
            }
            for (Map.Entry<Long, long[]> e : delta.entrySet()) {
                long d = e.getValue()[0];
                long pk = e.getKey();
                if (d == 0 || pk == mergedKey) {
                    continue;
                }
                long[] count = pairCount.computeIfAbsent(pk, k -> new long[1]);
                count[0] += d;
                if (count[0] <= 0) {
                    pairCount.remove(pk);
                } else {
                    heap.add(new long[] {count[0], pk});
                }
            }
        }

        private static void addDelta(HashMap<Long, long[]> delta, long key, long d) {
            delta.computeIfAbsent(key, k -> new long[1])[0] += d;
        }
    }

    /** Growable int list. */
    private static final class IntList {
        int[] data = new int[4];
        int size;

        void addDistinctLast(int v) {
            if (size > 0 && data[size - 1] == v) {
                return;
            }
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }
    }
}
