package io.github.bertner.tokenization;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A BERT WordPiece vocabulary: the token list of a {@code vocab.txt} file, where the id of a token
 * is its 0-based line index.
 *
 * <p>The five BERT special tokens {@value #PAD}, {@value #UNK}, {@value #CLS}, {@value #SEP} and
 * {@value #MASK} must be present; a vocabulary without them cannot encode a sequence and is
 * refused when it is created. Duplicate and empty tokens are refused too, because they would make
 * ids ambiguous (HF's loader silently keeps the last id of a duplicate).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class WordPieceVocab {

    /** Padding token. */
    public static final String PAD = "[PAD]";
    /** Unknown-word token. */
    public static final String UNK = "[UNK]";
    /** Sequence-start (classification) token. */
    public static final String CLS = "[CLS]";
    /** Separator token that ends a sequence. */
    public static final String SEP = "[SEP]";
    /** Masked-language-model mask token. */
    public static final String MASK = "[MASK]";
    /** Prefix that marks a piece continuing a word. */
    public static final String CONTINUATION_PREFIX = "##";

    private static final List<String> SPECIALS = List.of(PAD, UNK, CLS, SEP, MASK);

    private final List<String> tokens;
    private final Map<String, Integer> ids;
    /** Continuation pieces keyed without their "##" prefix, so look-ups need no string concatenation. */
    private final Map<String, Integer> continuationIds;
    private final int maxTokenLength;
    private final int padId;
    private final int unkId;
    private final int clsId;
    private final int sepId;
    private final int maskId;

    private WordPieceVocab(List<String> tokens, String source) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>(tokens.size() * 2);
        this.continuationIds = new HashMap<>(tokens.size());
        int longest = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.isEmpty()) {
                throw new IllegalArgumentException(source + ", line " + (i + 1)
                        + ": expected a token, found an empty line");
            }
            Integer previous = ids.putIfAbsent(token, i);
            if (previous != null) {
                throw new IllegalArgumentException(source + ", line " + (i + 1) + ": duplicate token '"
                        + token + "' (first seen on line " + (previous + 1) + ")");
            }
            if (token.startsWith(CONTINUATION_PREFIX) && token.length() > CONTINUATION_PREFIX.length()) {
                continuationIds.put(token.substring(CONTINUATION_PREFIX.length()), i);
            }
            longest = Math.max(longest, token.length());
        }
        List<String> missing = new ArrayList<>();
        for (String special : SPECIALS) {
            if (!ids.containsKey(special)) {
                missing.add(special);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(source + ": expected the BERT special tokens " + SPECIALS
                    + ", missing " + missing);
        }
        this.maxTokenLength = longest;
        this.padId = ids.get(PAD);
        this.unkId = ids.get(UNK);
        this.clsId = ids.get(CLS);
        this.sepId = ids.get(SEP);
        this.maskId = ids.get(MASK);
    }

    /**
     * Creates a vocabulary from a token list (id = list index).
     *
     * @param tokens the tokens in id order
     * @return the vocabulary
     * @throws IllegalArgumentException on an empty or duplicate token, or a missing special token
     */
    public static WordPieceVocab of(List<String> tokens) {
        return new WordPieceVocab(tokens, "vocabulary");
    }

    /**
     * Loads a {@code vocab.txt}: UTF-8, one token per line, id = 0-based line index. A trailing
     * {@code \r} (CRLF files) and a leading byte-order mark are removed.
     *
     * @param file the vocab.txt file
     * @return the vocabulary
     * @throws IOException if the file cannot be read or is not valid UTF-8
     * @throws IllegalArgumentException naming file and line on an empty or duplicate token, or
     *                                  naming the missing special tokens
     */
    public static WordPieceVocab load(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (lines.isEmpty() && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                lines.add(line);
            }
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": expected UTF-8 text, found malformed bytes after line " + lines.size(), e);
        }
        return new WordPieceVocab(lines, file.toString());
    }

    /**
     * Writes the vocabulary as {@code vocab.txt} (UTF-8, one token per line, LF line ends).
     *
     * @param file the target file; parent directories are created
     * @throws IOException if writing fails
     */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String token : tokens) {
                writer.write(token);
                writer.write('\n');
            }
        }
    }

    /**
     * Number of tokens.
     *
     * @return the vocabulary size
     */
    public int size() {
        return tokens.size();
    }

    /**
     * The id of a token.
     *
     * @param token the token, with its "##" prefix for a continuation piece
     * @return the id, or -1 when the token is not in the vocabulary
     */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    /**
     * The id of a continuation piece given without its "##" prefix.
     *
     * @param pieceWithoutPrefix the piece text after "##"
     * @return the id of {@code "##" + pieceWithoutPrefix}, or -1 when absent
     */
    int continuationId(String pieceWithoutPrefix) {
        Integer id = continuationIds.get(pieceWithoutPrefix);
        return id == null ? -1 : id;
    }

    /**
     * Whether the vocabulary contains a token.
     *
     * @param token the token
     * @return true when present
     */
    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /**
     * The token of an id.
     *
     * @param id the id
     * @return the token
     * @throws IndexOutOfBoundsException if the id is not in {@code [0, size())}
     */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IndexOutOfBoundsException("expected a token id in [0, " + tokens.size() + "), found " + id);
        }
        return tokens.get(id);
    }

    /**
     * All tokens in id order.
     *
     * @return an unmodifiable list
     */
    public List<String> tokens() {
        return Collections.unmodifiableList(tokens);
    }

    /**
     * Length in UTF-16 chars of the longest token (with its prefix); bounds the WordPiece search.
     *
     * @return the longest token length
     */
    int maxTokenLength() {
        return maxTokenLength;
    }

    /**
     * Id of {@value #PAD}.
     *
     * @return the id
     */
    public int padId() {
        return padId;
    }

    /**
     * Id of {@value #UNK}.
     *
     * @return the id
     */
    public int unkId() {
        return unkId;
    }

    /**
     * Id of {@value #CLS}.
     *
     * @return the id
     */
    public int clsId() {
        return clsId;
    }

    /**
     * Id of {@value #SEP}.
     *
     * @return the id
     */
    public int sepId() {
        return sepId;
    }

    /**
     * Id of {@value #MASK}.
     *
     * @return the id
     */
    public int maskId() {
        return maskId;
    }

    /**
     * Whether an id is one of the five special tokens.
     *
     * @param id a token id
     * @return true for [PAD], [UNK], [CLS], [SEP] or [MASK]
     */
    public boolean isSpecial(int id) {
        return id == padId || id == unkId || id == clsId || id == sepId || id == maskId;
    }

    @Override
    public String toString() {
        return "WordPieceVocab[size=" + tokens.size() + "]";
    }
}
