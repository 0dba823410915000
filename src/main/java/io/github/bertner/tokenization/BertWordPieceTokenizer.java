package io.github.bertner.tokenization;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * BERT tokenization of already-segmented words (CAS tokens) into WordPieces whose offsets point
 * into the original document.
 *
 * <p>Each word goes through the two stages of HF's {@code BertTokenizer}:
 * <ol>
 *   <li>Basic tokenization: drop NUL, U+FFFD and control/format characters (Unicode C*, except
 *       tab, LF and CR, which are whitespace); split on whitespace (the Unicode White_Space
 *       characters that survive that cleaning, as the Rust {@code BertNormalizer} does); isolate
 *       each punctuation character (ASCII 33-47, 58-64, 91-96, 123-126 and Unicode P*) and, when
 *       enabled, each CJK ideograph; when accents are stripped, NFD-decompose and drop
 *       non-spacing marks (Mn); when lower-casing, apply the full Unicode lower-case mapping per
 *       character. Whitespace-delimited strings listed in {@link TokenizerSettings#neverSplit()}
 *       stay whole and untouched. Unlike HF's BertTokenizer, the special tokens are not
 *       implicitly never-split: a CAS token reading "[SEP]" is text, not a separator.</li>
 *   <li>WordPiece: greedy longest-match-first against the vocabulary, continuation pieces with
 *       the "##" prefix. A basic token longer than {@value #MAX_INPUT_CHARS_PER_WORD} code
 *       points, or one that cannot be covered by vocabulary pieces, becomes a single [UNK].</li>
 * </ol>
 * Offsets are tracked per source character through every step: a piece produced from characters
 * that were lower-cased, decomposed or had accents removed still spans the original characters,
 * so {@code text.substring(piece.begin(), piece.end())} is the original surface (e.g. "Ё" for
 * the uncased piece "е").
 *
 * <p>Every word yields at least one piece: a word whose text vanishes in cleaning (only control
 * or zero-width characters, or empty) is mapped to one [UNK] spanning the whole word, so that
 * every CAS token gets a prediction.
 *
 * <p>This follows the Rust {@code tokenizers} implementation behind HF's fast tokenizer (which a
 * test checks piece by piece); it differs from HF's Python {@code BasicTokenizer} only in rare
 * cases: that one NFC-composes the text first and treats U+2028/U+2029 as word characters.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class BertWordPieceTokenizer {

    /** Longest basic token (in code points) that WordPiece tries to split; longer ones become [UNK]. */
    public static final int MAX_INPUT_CHARS_PER_WORD = 100;

    private static final Logger LOG = LoggerFactory.getLogger(BertWordPieceTokenizer.class);

    /** File name of the vocabulary inside a model folder. */
    public static final String VOCAB_FILE = "vocab.txt";

    /** Accent-stripped forms of BMP characters, filled lazily; the benign race only recomputes equal strings. */
    private static final String[] STRIPPED = new String[0x10000];

    private final WordPieceVocab vocab;
    private final TokenizerSettings settings;
    private final boolean lowerCase;
    private final boolean stripAccents;

    /**
     * Creates a tokenizer.
     *
     * @param vocab    the WordPiece vocabulary
     * @param settings the normalisation settings
     */
    public BertWordPieceTokenizer(WordPieceVocab vocab, TokenizerSettings settings) {
        this.vocab = Objects.requireNonNull(vocab, "vocab");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.lowerCase = settings.doLowerCase();
        this.stripAccents = settings.effectiveStripAccents();
    }

    /**
     * Loads {@value #VOCAB_FILE} and, when present, {@value TokenizerSettings#FILE_NAME} from a
     * model folder. Without the settings file HF's BertTokenizer defaults apply (uncased), which
     * is logged as a warning because it is wrong for cased models. A folder with only HF's
     * {@code tokenizer.json} (no vocab.txt) is read with
     * {@link io.github.bertner.importer.TokenizerJson}, which then defines vocabulary and settings.
     *
     * @param modelDir the folder
     * @return the tokenizer
     * @throws IOException if a file cannot be read
     */
    public static BertWordPieceTokenizer load(Path modelDir) throws IOException {
        Path fast = modelDir.resolve(io.github.bertner.importer.TokenizerJson.FILE_NAME);
        if (!Files.exists(modelDir.resolve(VOCAB_FILE)) && Files.exists(fast)) {
            return io.github.bertner.importer.TokenizerJson.read(fast).tokenizer();
        }
        WordPieceVocab vocab = WordPieceVocab.load(modelDir.resolve(VOCAB_FILE));
        Path config = modelDir.resolve(TokenizerSettings.FILE_NAME);
        TokenizerSettings settings;
        if (Files.exists(config)) {
            settings = TokenizerSettings.read(config);
        } else {
            LOG.warn("{} has no {}; using HF's BertTokenizer defaults (do_lower_case=true)", modelDir,
                    TokenizerSettings.FILE_NAME);
            settings = new TokenizerSettings(true, null, true, Integer.MAX_VALUE, null);
        }
        return new BertWordPieceTokenizer(vocab, settings);
    }

    /**
     * Writes {@value #VOCAB_FILE} and {@value TokenizerSettings#FILE_NAME} into a model folder, the
     * pair that {@link #load(Path)} and HF's {@code BertTokenizer}/{@code BertTokenizerFast} read.
     *
     * @param modelDir the folder; created when missing
     * @throws IOException if writing fails
     */
    public void save(Path modelDir) throws IOException {
        Files.createDirectories(modelDir);
        vocab.write(modelDir.resolve(VOCAB_FILE));
        settings.write(modelDir.resolve(TokenizerSettings.FILE_NAME));
    }

    /**
     * The vocabulary.
     *
     * @return the vocabulary
     */
    public WordPieceVocab vocab() {
        return vocab;
    }

    /**
     * The normalisation settings.
     *
     * @return the settings
     */
    public TokenizerSettings settings() {
        return settings;
    }

    /**
     * Tokenizes one word.
     *
     * @param wordText  the covered text of one CAS token
     * @param wordIndex the word's index, copied into each piece
     * @param wordBegin the word's begin offset in the document; piece offsets are absolute
     * @return at least one piece
     */
    public List<Piece> tokenizeWord(String wordText, int wordIndex, int wordBegin) {
        List<Piece> out = new ArrayList<>(4);
        appendWord(wordText, wordIndex, wordBegin, out);
        return out;
    }

    /**
     * Tokenizes a sequence of words.
     *
     * @param words  the covered texts of the CAS tokens
     * @param begins the begin offset of each word in the document
     * @return the pieces of all words in order; word indices are positions in {@code words}
     * @throws IllegalArgumentException if the two inputs differ in length
     */
    public List<Piece> tokenizeWords(List<String> words, int[] begins) {
        if (words.size() != begins.length) {
            throw new IllegalArgumentException("expected one begin offset per word (" + words.size()
                    + "), found " + begins.length);
        }
        List<Piece> out = new ArrayList<>(words.size() + words.size() / 2);
        for (int w = 0; w < words.size(); w++) {
            appendWord(words.get(w), w, begins[w], out);
        }
        return out;
    }

    /**
     * Tokenizes each word separately.
     *
     * @param words  the covered texts of the CAS tokens
     * @param begins the begin offset of each word in the document
     * @return the pieces of word {@code w} at index {@code w}
     */
    public List<List<Piece>> tokenizeWordsGrouped(List<String> words, int[] begins) {
        if (words.size() != begins.length) {
            throw new IllegalArgumentException("expected one begin offset per word (" + words.size()
                    + "), found " + begins.length);
        }
        List<List<Piece>> out = new ArrayList<>(words.size());
        for (int w = 0; w < words.size(); w++) {
            out.add(tokenizeWord(words.get(w), w, begins[w]));
        }
        return out;
    }

    /**
     * Tokenizes text that continues a word, as WordPiece sees the rest of a word after its first piece: the
     * text is normalised and split like a word, and the first piece of its first basic token is looked up as
     * a continuation piece ({@code ##x}); later basic tokens (after punctuation) start as words do. Used to
     * express a vocabulary entry {@code ##x} of another vocabulary in this one.
     *
     * @param text the continuation's text, without the {@code ##} prefix
     * @return at least one piece ([UNK] when nothing can be covered); offsets relative to {@code text}
     */
    public List<Piece> tokenizeContinuation(String text) {
        List<Piece> out = new ArrayList<>(4);
        appendWord(text, 0, 0, out, true);
        return out;
    }

    /**
     * Basic tokenization only, for vocabulary learning: the normalised basic tokens of a text.
     *
     * @param text any text
     * @param sink receives each basic token
     */
    void basicTokens(String text, Consumer<String> sink) {
        Normalized n = new Normalized(text.length());
        normalize(text, n);
        for (int t = 0; t < n.tokenCount; t++) {
            sink.accept(n.text.substring(n.tokenStart[t], n.tokenEnd[t]));
        }
    }

    private void appendWord(String wordText, int wordIndex, int wordBegin, List<Piece> out) {
        appendWord(wordText, wordIndex, wordBegin, out, false);
    }

    private void appendWord(String wordText, int wordIndex, int wordBegin, List<Piece> out, boolean continued) {
        int before = out.size();
        Normalized n = new Normalized(wordText.length());
        normalize(wordText, n);
        // a continued word's pieces all continue it: the first one counts as preceded by a piece
        int firstOfWord = continued ? before - 1 : before;
        for (int t = 0; t < n.tokenCount; t++) {
            wordPiece(n, n.tokenStart[t], n.tokenEnd[t], wordIndex, wordBegin, out, firstOfWord, continued && t == 0);
        }
        if (out.size() == before) {
            out.add(new Piece(WordPieceVocab.UNK, vocab.unkId(), wordBegin, wordBegin + wordText.length(),
                    wordIndex, continued));
        }
    }

    private void wordPiece(Normalized n, int s, int e, int wordIndex, int wordBegin, List<Piece> out,
                           int firstOfWord, boolean continuesWord) {
        String text = n.text;
        if (text.codePointCount(s, e) > MAX_INPUT_CHARS_PER_WORD) {
            addPiece(out, firstOfWord, vocab.unkId(), n, s, e, wordIndex, wordBegin);
            return;
        }
        int maxLen = vocab.maxTokenLength();
        int start = s;
        int[] found = new int[Math.min(e - s, 16) * 3];
        int count = 0;
        while (start < e) {
            int end = Math.min(e, start + maxLen);
            if (end < e && Character.isLowSurrogate(text.charAt(end))) {
                end--;
            }
            int id = -1;
            while (end > start) {
                String sub = text.substring(start, end);
                id = start == s && !continuesWord ? vocab.id(sub) : vocab.continuationId(sub);
                if (id >= 0) {
                    break;
                }
                end--;
                if (end > start && Character.isLowSurrogate(text.charAt(end))) {
                    end--;
                }
            }
            if (id < 0) {
                addPiece(out, firstOfWord, vocab.unkId(), n, s, e, wordIndex, wordBegin);
                return;
            }
            if (count * 3 + 3 > found.length) {
                found = Arrays.copyOf(found, found.length * 2 + 3);
            }
            found[count * 3] = id;
            found[count * 3 + 1] = start;
            found[count * 3 + 2] = end;
            count++;
            start = end;
        }
        for (int i = 0; i < count; i++) {
            addPiece(out, firstOfWord, found[i * 3], n, found[i * 3 + 1], found[i * 3 + 2], wordIndex, wordBegin);
        }
    }

    private void addPiece(List<Piece> out, int firstOfWord, int id, Normalized n, int s, int e, int wordIndex,
                          int wordBegin) {
        out.add(new Piece(vocab.token(id), id, wordBegin + n.srcBegin[s], wordBegin + n.srcEnd[e - 1], wordIndex,
                out.size() > firstOfWord));
    }

    /** Normalised text of one word with per-char source offsets and the basic-token boundaries. */
    private static final class Normalized {
        final StringBuilder buf;
        String text;
        int[] srcBegin;
        int[] srcEnd;
        int[] tokenStart = new int[4];
        int[] tokenEnd = new int[4];
        int tokenCount;
        int open = -1;

        Normalized(int capacity) {
            buf = new StringBuilder(capacity + 4);
            srcBegin = new int[capacity + 4];
            srcEnd = new int[capacity + 4];
        }

        void append(char c, int begin, int end) {
            int i = buf.length();
            if (i == srcBegin.length) {
                srcBegin = Arrays.copyOf(srcBegin, i * 2 + 4);
                srcEnd = Arrays.copyOf(srcEnd, i * 2 + 4);
            }
            buf.append(c);
            srcBegin[i] = begin;
            srcEnd[i] = end;
        }

        void appendCodePoint(int cp, int begin, int end) {
            if (Character.isBmpCodePoint(cp)) {
                append((char) cp, begin, end);
            } else {
                append(Character.highSurrogate(cp), begin, end);
                append(Character.lowSurrogate(cp), begin, end);
            }
        }

        /** Appends a code point to the open token, opening one when needed. */
        void extend(int cp, int begin, int end) {
            if (open < 0) {
                open = buf.length();
            }
            appendCodePoint(cp, begin, end);
        }

        /** Closes the open token, if any. */
        void flush() {
            if (open >= 0) {
                addToken(open, buf.length());
                open = -1;
            }
        }

        /** Appends a code point as a token of its own. */
        void single(int cp, int begin, int end) {
            flush();
            int start = buf.length();
            appendCodePoint(cp, begin, end);
            addToken(start, buf.length());
        }

        void addToken(int start, int end) {
            if (tokenCount == tokenStart.length) {
                tokenStart = Arrays.copyOf(tokenStart, tokenCount * 2);
                tokenEnd = Arrays.copyOf(tokenEnd, tokenCount * 2);
            }
            tokenStart[tokenCount] = start;
            tokenEnd[tokenCount] = end;
            tokenCount++;
        }
    }

    private void normalize(String word, Normalized n) {
        int len = word.length();
        int i = 0;
        while (i < len) {
            // one whitespace-delimited chunk [i, j)
            while (i < len && isWhitespace(word.codePointAt(i))) {
                i += Character.charCount(word.codePointAt(i));
            }
            if (i >= len) {
                break;
            }
            int j = i;
            while (j < len && !isWhitespace(word.codePointAt(j))) {
                j += Character.charCount(word.codePointAt(j));
            }
            if (!settings.neverSplit().isEmpty() && keptWhole(word, i, j, n)) {
                i = j;
                continue;
            }
            normalizeChunk(word, i, j, n);
            n.flush();
            i = j;
        }
        n.text = n.buf.toString();
    }

    /** Emits a chunk unchanged when its cleaned text is a never-split string. */
    private boolean keptWhole(String word, int from, int to, Normalized n) {
        StringBuilder cleaned = new StringBuilder(to - from);
        for (int k = from; k < to; ) {
            int cp = word.codePointAt(k);
            if (!isDropped(cp)) {
                cleaned.appendCodePoint(cp);
            }
            k += Character.charCount(cp);
        }
        if (cleaned.length() == 0 || !settings.neverSplit().contains(cleaned.toString())) {
            return false;
        }
        for (int k = from; k < to; ) {
            int cp = word.codePointAt(k);
            int c = Character.charCount(cp);
            if (!isDropped(cp)) {
                n.extend(cp, k, k + c);
            }
            k += c;
        }
        n.flush();
        return true;
    }

    private void normalizeChunk(String word, int from, int to, Normalized n) {
        for (int k = from; k < to; ) {
            int cp = word.codePointAt(k);
            int c = Character.charCount(cp);
            int begin = k;
            int end = k + c;
            k = end;
            if (isDropped(cp)) {
                continue;
            }
            if (settings.tokenizeChineseChars() && isChinese(cp)) {
                n.single(cp, begin, end);
                continue;
            }
            if (cp < 0x80) {
                // ASCII fast path: no accents, simple lower-casing
                if (isPunctuation(cp)) {
                    n.single(cp, begin, end);
                } else {
                    n.extend(lowerCase && cp >= 'A' && cp <= 'Z' ? cp + 32 : cp, begin, end);
                }
                continue;
            }
            String form = stripAccents ? stripped(cp) : null;
            if (form == null) {
                emitNormalized(lowerCase ? lower(cp) : cp, begin, end, n);
            } else {
                for (int f = 0; f < form.length(); ) {
                    int fcp = form.codePointAt(f);
                    f += Character.charCount(fcp);
                    emitNormalized(lowerCase ? lower(fcp) : fcp, begin, end, n);
                }
            }
        }
    }

    /** Emits a code point (or the two of U+0130's full lower-case form) into the current chunk. */
    private static void emitNormalized(int cp, int begin, int end, Normalized n) {
        if (cp == DOTTED_I_LOWER) {
            n.extend('i', begin, end);
            n.extend(0x0307, begin, end);
        } else if (isPunctuation(cp)) {
            n.single(cp, begin, end);
        } else {
            n.extend(cp, begin, end);
        }
    }

    /** Marker for the two-char lower-case of U+0130 (i + combining dot above). */
    private static final int DOTTED_I_LOWER = -2;

    /**
     * Full Unicode lower-case mapping of one code point, without context (as Rust's
     * {@code char::to_lowercase}). U+0130 is the only character whose unconditional full mapping
     * differs from the simple one.
     */
    private static int lower(int cp) {
        if (cp == 0x0130) {
            return DOTTED_I_LOWER;
        }
        return Character.toLowerCase(cp);
    }

    /** NFD form without non-spacing marks, or null when the code point is unchanged. */
    private static String stripped(int cp) {
        if (cp < 0xC0) {
            return null;
        }
        if (cp < 0x10000) {
            String s = STRIPPED[cp];
            if (s == null) {
                s = computeStripped(cp);
                STRIPPED[cp] = s;
            }
            return s.equals(UNCHANGED) ? null : s;
        }
        String s = computeStripped(cp);
        return s.equals(UNCHANGED) ? null : s;
    }

    private static final String UNCHANGED = "\u0000unchanged";

    private static String computeStripped(int cp) {
        String original = new String(Character.toChars(cp));
        String nfd = Normalizer.normalize(original, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(nfd.length());
        for (int i = 0; i < nfd.length(); ) {
            int c = nfd.codePointAt(i);
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                sb.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        String result = sb.toString();
        return result.equals(original) ? UNCHANGED : result;
    }

    /** Characters removed by BERT's text cleaning: NUL, U+FFFD and C* other than tab, LF, CR. */
    static boolean isDropped(int cp) {
        if (cp == 0 || cp == 0xFFFD) {
            return true;
        }
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        if (cp >= 0x20 && cp < 0x7F) {
            return false;
        }
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.UNASSIGNED:
            case Character.PRIVATE_USE:
            case Character.SURROGATE:
                return true;
            default:
                return false;
        }
    }

    /**
     * Whitespace after cleaning: Unicode White_Space minus the C* characters cleaning removes
     * (VT, FF, NEL, ...), i.e. what Rust's BertNormalizer turns into a space.
     */
    static boolean isWhitespace(int cp) {
        switch (cp) {
            case ' ': case '\t': case '\n': case '\r':
            case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
                return true;
            default:
                return cp >= 0x2000 && cp <= 0x200A;
        }
    }

    /** HF's {@code _is_punctuation}: ASCII non-alphanumeric printable characters plus Unicode P*. */
    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        if (cp < 0x80) {
            return false;
        }
        switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION:
            case Character.DASH_PUNCTUATION:
            case Character.START_PUNCTUATION:
            case Character.END_PUNCTUATION:
            case Character.INITIAL_QUOTE_PUNCTUATION:
            case Character.FINAL_QUOTE_PUNCTUATION:
            case Character.OTHER_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }

    /** CJK Unified Ideographs blocks as in BERT's {@code _is_chinese_char}. */
    static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
