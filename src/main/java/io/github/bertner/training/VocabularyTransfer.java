package io.github.bertner.training;

import io.github.bertner.compare.Transliteration;
import io.github.bertner.model.BertKeys;
import io.github.bertner.model.BertConfig;
import io.github.bertner.model.CheckpointException;
import io.github.bertner.model.FloatTensor;
import io.github.bertner.model.HfCheckpoint;
import io.github.bertner.model.SafetensorsReader;
import io.github.bertner.model.SafetensorsWriter;
import io.github.bertner.tokenization.BertWordPieceTokenizer;
import io.github.bertner.tokenization.Piece;
import io.github.bertner.tokenization.TokenizerSettings;
import io.github.bertner.tokenization.WordPieceVocab;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Vocabulary transfer (Artetxe et al., 2020, "On the cross-lingual transferability of monolingual
 * representations"): a base BERT's body with a new WordPiece vocabulary. The output folder holds every tensor of
 * the base unchanged (encoder layers, position and token-type embeddings, embedding LayerNorm, pooler, an MLM
 * head's transform) except the vocabulary-sized ones, which get one row per entry of the new vocabulary:
 * <ol>
 *   <li>{@link Route#COPIED}: the five special tokens and every entry that is also, verbatim, an entry of the base
 *       vocabulary take the base row of that entry;</li>
 *   <li>{@link Route#TRANSLITERATED}: any other entry is romanized with the chosen {@link Transliteration} (the
 *       soft and hard signs {@code ʹ ʺ} are then dropped, as English-language spellings do, because an English
 *       vocabulary rarely holds them and one unknown character turns a whole word into [UNK]), tokenized by the base
 *       tokenizer with its own normalisation (lower-casing and accent stripping of an uncased base), a {@code ##x}
 *       entry as the continuation of a word, and takes the mean of the base rows of the pieces other than [UNK].
 *       Entries without Cyrillic letters (Latin words, digits, punctuation) take this route too, romanization
 *       leaving them as they are;</li>
 *   <li>{@link Route#FALLBACK}: an entry whose pieces are all [UNK] takes the mean of all base rows plus Gaussian
 *       noise drawn from (seed, entry id), so that such entries start near the centre but apart.</li>
 * </ol>
 * An MLM head's output bias ({@code cls.predictions.bias}) is mapped by the same routes, without noise; its decoder
 * weight is tied to the word embeddings and so not written. The tokenizer of the result is the new vocabulary's
 * ({@code vocab.txt} and {@code tokenizer_config.json} of its folder, as {@code bertner vocab} writes them), and
 * {@code config.json} is the base's with {@code vocab_size} and {@code pad_token_id} of the new vocabulary.
 * {@code provenance.json} records the inputs (with sha256), the scheme, the seed and the count of every route.
 *
 * <p>Works on the files only (plain Java, no engine); the base must have single-file safetensors weights.
 */
public final class VocabularyTransfer {

    /** How the row of one new vocabulary entry was initialised. */
    public enum Route {
        /** Special token or entry present verbatim in the base vocabulary: the base row. */
        COPIED,
        /** Romanized and tokenized by the base tokenizer: the mean of its pieces' base rows. */
        TRANSLITERATED,
        /** Nothing but [UNK] from the base tokenizer: the mean of all base rows plus seeded noise. */
        FALLBACK
    }

    /**
     * The initialisation of one new entry.
     *
     * @param id         id in the new vocabulary
     * @param token      the entry
     * @param route      how its row was made
     * @param romanized  the text given to the base tokenizer ({@code ##} prefix kept for a continuation), or the
     *                   entry itself when copied
     * @param baseIds    base ids whose rows were averaged (one for a copy, none for a fallback)
     */
    public record Entry(int id, String token, Route route, String romanized, int[] baseIds) {
    }

    /**
     * What a transfer did.
     *
     * @param base           the base model folder
     * @param vocabulary     the new vocabulary folder
     * @param transliteration the romanization used
     * @param seed           seed of the fallback noise
     * @param noiseStd       standard deviation of the fallback noise
     * @param hiddenSize     width of the embedding rows
     * @param headMapped     whether the base had an MLM output bias, mapped to the new vocabulary
     * @param entries        one per new vocabulary entry, in id order
     */
    public record Report(Path base, Path vocabulary, Transliteration transliteration, long seed, double noiseStd,
                         int hiddenSize, boolean headMapped, List<Entry> entries) {

        /** Freezes the entry list. */
        public Report {
            entries = List.copyOf(entries);
        }

        /**
         * Number of entries initialised by a route.
         *
         * @param route the route
         * @return its count
         */
        public int count(Route route) {
            int n = 0;
            for (Entry e : entries) {
                if (e.route() == route) {
                    n++;
                }
            }
            return n;
        }

        /**
         * The route counts for a log line: {@code "copied 312, transliterated 15402, fallback 6 of 15720 entries"}.
         *
         * @return the counts
         */
        public String describe() {
            return String.format(Locale.ROOT, "copied %d, transliterated %d, fallback %d of %d entries",
                    count(Route.COPIED), count(Route.TRANSLITERATED), count(Route.FALLBACK), entries.size());
        }

        @Override
        public String toString() {
            return "VocabularyTransfer.Report[" + base + " + " + vocabulary + ": " + describe() + "]";
        }
    }

    /** Name of the provenance section a transfer writes. */
    public static final String PROVENANCE_SECTION = "vocabulary_transfer";

    private static final Logger LOG = LoggerFactory.getLogger(VocabularyTransfer.class);
    private static final long NOISE_STREAM = 0x564F4354L;
    private static final String WORD_EMBEDDINGS = BertKeys.WORD_EMBEDDINGS;
    private static final String MLM_BIAS = BertKeys.MLM_BIAS;
    private static final String MLM_DECODER_BIAS = BertKeys.MLM_DECODER_BIAS;
    private static final String MLM_DECODER_WEIGHT = BertKeys.MLM_DECODER_WEIGHT;

    private final Builder b;

    private VocabularyTransfer(Builder b) {
        this.b = b;
    }

    /**
     * Starts a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes the transferred model folder.
     *
     * @param outDir target folder (created; files in it are replaced)
     * @return what was done
     * @throws IOException when an input is missing or malformed (the message names the file), or writing fails
     */
    public Report write(Path outDir) throws IOException {
        BertConfig baseConfig = HfCheckpoint.readConfig(b.base);
        BertWordPieceTokenizer baseTokenizer = BertWordPieceTokenizer.load(b.base);
        WordPieceVocab baseVocab = baseTokenizer.vocab();
        HfCheckpoint.checkVocabulary(baseVocab.tokens(), baseConfig, b.base + " vocabulary");
        WordPieceVocab newVocab = readVocabulary(b.vocabulary);
        TokenizerSettings newSettings = TokenizerSettings.read(b.vocabulary.resolve(TokenizerSettings.FILE_NAME));
        Path weights = b.base.resolve(HfCheckpoint.WEIGHTS_FILE);
        if (!Files.isRegularFile(weights)) {
            throw new CheckpointException(weights + ": expected the base's single-file safetensors weights, found none");
        }
        double noiseStd = b.noiseStd >= 0 ? b.noiseStd : baseConfig.initializerRange() / 10;
        int hidden = baseConfig.hiddenSize();
        List<Entry> entries = plan(baseTokenizer, newVocab);
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        boolean headMapped = false;
        boolean embeddingsFound = false;
        try (SafetensorsReader reader = SafetensorsReader.open(weights)) {
            String biasName = reader.tensors().containsKey(MLM_BIAS) ? MLM_BIAS
                    : reader.tensors().containsKey(MLM_DECODER_BIAS) ? MLM_DECODER_BIAS : null;
            for (String name : reader.tensors().keySet()) {
                if (name.equals(WORD_EMBEDDINGS) || name.equals(BertKeys.BERT + WORD_EMBEDDINGS)) {
                    FloatTensor base = reader.readFloat(name);
                    long[] want = {baseVocab.size(), hidden};
                    if (!java.util.Arrays.equals(base.shape(), want)) {
                        throw new CheckpointException(String.format(Locale.ROOT,
                                "%s: tensor '%s': expected shape %s (base vocabulary x hidden size), found %s", weights,
                                name, java.util.Arrays.toString(want), java.util.Arrays.toString(base.shape())));
                    }
                    out.put(name, embeddings(base.data(), hidden, entries, noiseStd));
                    embeddingsFound = true;
                } else if (name.equals(biasName)) {
                    FloatTensor base = reader.readFloat(name);
                    if (base.shape().length != 1 || base.shape()[0] != baseVocab.size()) {
                        throw new CheckpointException(String.format(Locale.ROOT,
                                "%s: tensor '%s': expected shape [%d] (one bias per base vocabulary entry), found %s",
                                weights, name, baseVocab.size(), java.util.Arrays.toString(base.shape())));
                    }
                    out.put(MLM_BIAS, bias(base.data(), entries));
                    headMapped = true;
                } else if (name.equals(MLM_DECODER_WEIGHT) || name.equals(MLM_DECODER_BIAS)) {
                    LOG.debug("{}: '{}' is tied to the word embeddings or the output bias; not written", weights, name);
                } else {
                    out.put(name, reader.readFloat(name));
                }
            }
        }
        if (!embeddingsFound) {
            throw new CheckpointException(weights + ": expected a tensor '" + WORD_EMBEDDINGS + "' (or 'bert."
                    + WORD_EMBEDDINGS + "'), found none");
        }
        BertConfig config = baseConfig.toBuilder().setVocabSize(newVocab.size()).optPadTokenId(newVocab.padId())
                .build();
        Files.createDirectories(outDir);
        config.write(outDir.resolve(HfCheckpoint.CONFIG_FILE));
        SafetensorsWriter.write(outDir.resolve(HfCheckpoint.WEIGHTS_FILE), out, Map.of("format", "pt"));
        newVocab.write(outDir.resolve(HfCheckpoint.VOCAB_FILE));
        newSettings.write(outDir.resolve(TokenizerSettings.FILE_NAME));
        Report report = new Report(b.base, b.vocabulary, b.transliteration, b.seed, noiseStd, hidden, headMapped,
                entries);
        TrainingProvenance.writeSections(outDir, Map.of(PROVENANCE_SECTION, provenance(report)));
        LOG.info("vocabulary transfer of {} to the {} entries of {} ({}): {}; {}", b.base, newVocab.size(),
                b.vocabulary, b.transliteration, report.describe(),
                headMapped ? "MLM output bias mapped alike" : "the base has no MLM head");
        // whole-word examples of some length say more about the romanization than single letters do
        entries.stream().filter(e -> e.route() == Route.TRANSLITERATED && !e.romanized().equals(e.token())
                        && !e.token().startsWith(WordPieceVocab.CONTINUATION_PREFIX) && e.token().length() >= 5).limit(5)
                .forEach(e -> LOG.info("  e.g. {} -> {} -> {}", e.token(), e.romanized(), tokens(baseVocab, e)));
        return report;
    }

    /**
     * The provenance section of a transfer: inputs with their sha256, scheme, seed, noise and route counts.
     *
     * @param r the report
     * @return the section's values
     * @throws IOException when an input file cannot be read for its checksum
     */
    static Map<String, Object> provenance(Report r) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("base", r.base().toAbsolutePath().normalize().toString());
        m.put("base_config", TrainingProvenance.fileEntry(r.base().resolve(HfCheckpoint.CONFIG_FILE)));
        m.put("base_weights", TrainingProvenance.fileEntry(r.base().resolve(HfCheckpoint.WEIGHTS_FILE)));
        m.put("vocabulary", TrainingProvenance.fileEntry(r.vocabulary().resolve(HfCheckpoint.VOCAB_FILE)));
        m.put("tokenizer_config", TrainingProvenance.fileEntry(r.vocabulary().resolve(TokenizerSettings.FILE_NAME)));
        m.put("transliteration", r.transliteration().name());
        m.put("seed", r.seed());
        m.put("fallback_noise_std", r.noiseStd());
        m.put("vocab_size", r.entries().size());
        m.put("copied", r.count(Route.COPIED));
        m.put("transliterated", r.count(Route.TRANSLITERATED));
        m.put("fallback", r.count(Route.FALLBACK));
        m.put("mlm_bias_mapped", r.headMapped());
        return m;
    }

    private List<Entry> plan(BertWordPieceTokenizer baseTokenizer, WordPieceVocab newVocab) {
        WordPieceVocab baseVocab = baseTokenizer.vocab();
        List<Entry> entries = new ArrayList<>(newVocab.size());
        for (int id = 0; id < newVocab.size(); id++) {
            String token = newVocab.token(id);
            if (baseVocab.contains(token)) {
                entries.add(new Entry(id, token, Route.COPIED, token, new int[] {baseVocab.id(token)}));
                continue;
            }
            boolean continuation = token.startsWith(WordPieceVocab.CONTINUATION_PREFIX)
                    && token.length() > WordPieceVocab.CONTINUATION_PREFIX.length();
            String body = continuation ? token.substring(WordPieceVocab.CONTINUATION_PREFIX.length()) : token;
            String romanized = romanize(body);
            List<Piece> pieces = continuation ? baseTokenizer.tokenizeContinuation(romanized)
                    : baseTokenizer.tokenizeWord(romanized, 0, 0);
            int[] ids = pieces.stream().mapToInt(Piece::id).filter(p -> p != baseVocab.unkId()).toArray();
            String shown = continuation ? WordPieceVocab.CONTINUATION_PREFIX + romanized : romanized;
            entries.add(new Entry(id, token, ids.length == 0 ? Route.FALLBACK : Route.TRANSLITERATED, shown, ids));
        }
        return entries;
    }

    /** Romanizes an entry and drops the soft and hard signs the romanization writes as ʹ and ʺ. */
    private String romanize(String text) {
        String latin = b.transliteration.apply(text);
        return latin.replace("\u02B9", "").replace("\u02BA", "");
    }

    private FloatTensor embeddings(float[] base, int hidden, List<Entry> entries, double noiseStd) {
        int baseRows = base.length / hidden;
        double[] centre = new double[hidden];
        for (int r = 0; r < baseRows; r++) {
            for (int k = 0; k < hidden; k++) {
                centre[k] += base[r * hidden + k];
            }
        }
        for (int k = 0; k < hidden; k++) {
            centre[k] /= baseRows;
        }
        float[] out = new float[entries.size() * hidden];
        for (Entry e : entries) {
            int at = e.id() * hidden;
            switch (e.route()) {
                case COPIED -> System.arraycopy(base, e.baseIds()[0] * hidden, out, at, hidden);
                case TRANSLITERATED -> {
                    for (int k = 0; k < hidden; k++) {
                        double sum = 0;
                        for (int p : e.baseIds()) {
                            sum += base[p * hidden + k];
                        }
                        out[at + k] = (float) (sum / e.baseIds().length);
                    }
                }
                case FALLBACK -> {
                    SplittableRandom rnd = new SplittableRandom(Seeds.mix(b.seed, NOISE_STREAM, e.id()));
                    for (int k = 0; k < hidden; k++) {
                        out[at + k] = (float) (centre[k] + noiseStd * rnd.nextGaussian());
                    }
                }
                default -> throw new IllegalStateException("unknown route " + e.route());
            }
        }
        return new FloatTensor(new long[] {entries.size(), hidden}, out);
    }

    private static FloatTensor bias(float[] base, List<Entry> entries) {
        double centre = 0;
        for (float v : base) {
            centre += v;
        }
        centre /= base.length;
        float[] out = new float[entries.size()];
        for (Entry e : entries) {
            double sum = 0;
            for (int p : e.baseIds()) {
                sum += base[p];
            }
            out[e.id()] = e.route() == Route.FALLBACK ? (float) centre : (float) (sum / e.baseIds().length);
        }
        return new FloatTensor(new long[] {entries.size()}, out);
    }

    private static List<String> tokens(WordPieceVocab vocab, Entry e) {
        List<String> t = new ArrayList<>(e.baseIds().length);
        for (int id : e.baseIds()) {
            t.add(vocab.token(id));
        }
        return t;
    }

    /**
     * Reads the vocabulary of a folder written by {@code bertner vocab}, refusing a folder without
     * {@code vocab.txt} or {@code tokenizer_config.json}.
     *
     * @param dir the folder
     * @return the vocabulary
     * @throws IOException naming the folder and the missing file, or when the file is malformed
     */
    public static WordPieceVocab readVocabulary(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException("expected a vocabulary folder (vocab.txt + tokenizer_config.json, as "
                    + "'bertner vocab' writes it), found " + (Files.exists(dir) ? "the file " : "no ") + dir);
        }
        for (String f : List.of(HfCheckpoint.VOCAB_FILE, TokenizerSettings.FILE_NAME)) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new CheckpointException(dir + ": expected " + f + " in the vocabulary folder (as 'bertner vocab' "
                        + "writes it), found none");
            }
        }
        try {
            return WordPieceVocab.load(dir.resolve(HfCheckpoint.VOCAB_FILE));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(e.getMessage(), e);
        }
    }

    /** Builder of {@link VocabularyTransfer}. */
    public static final class Builder {
        private Path base;
        private Path vocabulary;
        private Transliteration transliteration = Transliteration.BGN_PCGN;
        private long seed = 42;
        private double noiseStd = -1;

        private Builder() {
        }

        /**
         * @param dir base Hugging Face BERT folder (config.json, model.safetensors, vocab.txt, tokenizer_config.json);
         *            an MLM head is optional
         * @return this builder
         */
        public Builder setBase(Path dir) {
            base = Objects.requireNonNull(dir, "base");
            return this;
        }

        /**
         * @param dir folder with the new vocab.txt and its tokenizer_config.json, as {@code bertner vocab} writes it
         * @return this builder
         */
        public Builder setVocabulary(Path dir) {
            vocabulary = Objects.requireNonNull(dir, "vocabulary");
            return this;
        }

        /**
         * @param t romanization of the new entries (default {@link Transliteration#BGN_PCGN}, the one close to
         *          English spelling, which suits an English base vocabulary)
         * @return this builder
         */
        public Builder optTransliteration(Transliteration t) {
            transliteration = Objects.requireNonNull(t, "transliteration");
            return this;
        }

        /**
         * @param s seed of the fallback rows' noise (default 42)
         * @return this builder
         */
        public Builder optSeed(long s) {
            seed = s;
            return this;
        }

        /**
         * @param std standard deviation of the fallback rows' noise, at least 0 (default a tenth of the base's
         *            {@code initializer_range}, 0.002 for BERT: small next to the spread of real rows)
         * @return this builder
         */
        public Builder optNoiseStd(double std) {
            if (!Double.isFinite(std) || std < 0) {
                throw new IllegalArgumentException("expected a noise standard deviation of at least 0, found " + std);
            }
            noiseStd = std;
            return this;
        }

        /**
         * @return the transfer
         * @throws IllegalStateException when the base or the vocabulary is not set
         */
        public VocabularyTransfer build() {
            if (base == null || vocabulary == null) {
                throw new IllegalStateException("expected a base folder and a vocabulary folder, found "
                        + (base == null ? "no base" : "no vocabulary"));
            }
            return new VocabularyTransfer(this);
        }
    }
}
