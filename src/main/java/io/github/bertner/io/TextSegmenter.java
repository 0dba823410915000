package io.github.bertner.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Deterministic rule-based tokenizer and sentence splitter for raw Russian and English text (BSNLP and
 * brat corpora come without tokens).
 * <p>
 * Tokens: runs of letters, digits and combining marks; an apostrophe between two such characters keeps
 * the word together ({@code O'Neil}), and so does a {@code .} or {@code ,} between two digits
 * ({@code 5,56}). Every other visible character is a token of its own. Hyphens split words
 * ({@code Нью - Йорк}), as in the gold tokenisation of factRuEval-2016, because corpora annotate the
 * parts of hyphenated compounds separately (RuREBus: {@code социально} in {@code социально-экономических}).
 * Whitespace and invisible format characters (zero-width space, BOM, direction marks) separate tokens.
 * <p>
 * Annotations win over the rules: a token is cut wherever an annotation begins or ends inside it, so
 * that every annotation covers whole tokens, and a sentence break is dropped where an annotation
 * spans it. Both repairs are counted in the returned {@link Segmentation}.
 * <p>
 * Sentences end at line breaks, and after {@code . ! ? …} (optionally followed by closing quotes or
 * brackets) when whitespace and an upper-case letter or digit, possibly behind an opening quote,
 * follow. A {@code .} after a single upper-case letter (an initial) or a known abbreviation does not end
 * a sentence.
 */
public final class TextSegmenter {

    /** Lower-cased abbreviations after which a period is not a sentence end. */
    private static final Set<String> ABBREVIATIONS = Set.of(
            "г", "гг", "ул", "им", "т", "тт", "др", "пр", "проф", "акад", "св", "ст", "стр", "рис", "см",
            "тыс", "млн", "млрд", "руб", "коп", "долл", "обл", "р", "д", "с", "пос", "пл", "наб", "кв",
            "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "no", "inc", "ltd", "co",
            "corp", "gen", "gov", "sen", "rep", "jan", "feb", "aug", "sept", "oct", "nov", "dec");

    private TextSegmenter() {
    }

    /**
     * Tokenizes and sentence-splits a text without annotations.
     *
     * @param text the text
     * @return tokens and sentences
     */
    public static Segmentation segment(String text) {
        return segment(text, List.of());
    }

    /**
     * Tokenizes and sentence-splits a text so that every annotation range covers whole tokens and lies
     * inside one sentence.
     *
     * @param text        the text
     * @param annotations character ranges of annotations (mention extents and fragments); their ends
     *                    must not exceed the text length
     * @return tokens, sentences and repair counts
     */
    public static Segmentation segment(String text, Collection<TextRange> annotations) {
        List<TextRange> raw = tokenize(text);
        int[] cuts = annotations.stream()
                .flatMapToInt(r -> java.util.stream.IntStream.of(r.begin(), r.end()))
                .sorted().distinct().toArray();
        List<TextRange> tokens = new ArrayList<>(raw.size() + 8);
        int splits = 0;
        for (TextRange t : raw) {
            int start = t.begin();
            int k = firstGreater(cuts, start);
            while (k < cuts.length && cuts[k] < t.end()) {
                tokens.add(new TextRange(start, cuts[k]));
                start = cuts[k];
                splits++;
                k++;
            }
            tokens.add(new TextRange(start, t.end()));
        }
        int[] covering = coverage(text.length(), annotations);
        List<TextRange> sentences = new ArrayList<>();
        int merges = 0;
        int first = 0;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (isBreak(text, tokens, i)) {
                if (covering[tokens.get(i + 1).begin()] > 0) {
                    merges++;
                } else {
                    sentences.add(new TextRange(tokens.get(first).begin(), tokens.get(i).end()));
                    first = i + 1;
                }
            }
        }
        if (!tokens.isEmpty()) {
            sentences.add(new TextRange(tokens.get(first).begin(), tokens.get(tokens.size() - 1).end()));
        }
        return new Segmentation(tokens, sentences, splits, merges);
    }

    /**
     * Splits a text into tokens by the rules in the class comment, without annotation repairs.
     *
     * @param text the text
     * @return tokens in text order
     */
    public static List<TextRange> tokenize(String text) {
        List<TextRange> tokens = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            int c = text.codePointAt(i);
            int len = Character.charCount(c);
            if (isSeparator(c)) {
                i += len;
            } else if (isWordChar(c)) {
                int j = i + len;
                while (j < n) {
                    int d = text.codePointAt(j);
                    if (isWordChar(d)) {
                        j += Character.charCount(d);
                    } else if (j + 1 < n && isJoiner(text, j, d) && isWordChar(text.codePointAt(j + 1))) {
                        j += 1;
                    } else {
                        break;
                    }
                }
                tokens.add(new TextRange(i, j));
                i = j;
            } else {
                tokens.add(new TextRange(i, i + len));
                i += len;
            }
        }
        return tokens;
    }

    private static boolean isJoiner(String text, int j, int d) {
        return switch (d) {
            case '\'', '\u2019' -> true;
            case '.', ',' -> Character.isDigit(text.charAt(j - 1)) && Character.isDigit(text.charAt(j + 1));
            default -> false;
        };
    }

    private static boolean isWordChar(int c) {
        if (Character.isLetterOrDigit(c)) {
            return true;
        }
        int t = Character.getType(c);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isSeparator(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT
                || Character.isISOControl(c);
    }

    private static int firstGreater(int[] sorted, int value) {
        int k = Arrays.binarySearch(sorted, value);
        return k >= 0 ? k + 1 : -k - 1;
    }

    /** For each position p, how many annotations contain both p - 1 and p (so no break may fall at p). */
    private static int[] coverage(int length, Collection<TextRange> annotations) {
        int[] diff = new int[length + 2];
        for (TextRange r : annotations) {
            if (r.length() > 1) {
                diff[r.begin() + 1]++;
                diff[r.end()]--;
            }
        }
        int[] cover = new int[length + 1];
        int running = 0;
        for (int p = 0; p <= length; p++) {
            running += diff[p];
            cover[p] = running;
        }
        return cover;
    }

    private static boolean isBreak(String text, List<TextRange> tokens, int i) {
        TextRange cur = tokens.get(i);
        TextRange next = tokens.get(i + 1);
        if (cur.end() == next.begin()) {
            return false;
        }
        for (int p = cur.end(); p < next.begin(); p++) {
            char c = text.charAt(p);
            if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        int k = i;
        while (k > 0 && isClosing(text.charAt(tokens.get(k).begin())) && tokens.get(k).length() == 1) {
            k--;
        }
        TextRange term = tokens.get(k);
        if (term.length() != 1 || !isTerminator(text.charAt(term.begin()))) {
            return false;
        }
        if (text.charAt(term.begin()) == '.' && k > 0 && isAbbreviation(text, tokens.get(k - 1), term)) {
            return false;
        }
        return startsSentence(text, tokens, i + 1);
    }

    private static boolean isAbbreviation(String text, TextRange word, TextRange period) {
        if (word.end() != period.begin()) {
            return false;
        }
        String w = text.substring(word.begin(), word.end());
        if (w.codePointCount(0, w.length()) == 1 && Character.isUpperCase(w.codePointAt(0))) {
            return true;
        }
        return ABBREVIATIONS.contains(w.toLowerCase(Locale.ROOT));
    }

    private static boolean startsSentence(String text, List<TextRange> tokens, int j) {
        int k = j;
        while (k < tokens.size() && tokens.get(k).length() == 1 && isOpening(text.charAt(tokens.get(k).begin()))) {
            k++;
        }
        if (k == tokens.size()) {
            return false;
        }
        int c = text.codePointAt(tokens.get(k).begin());
        return Character.isUpperCase(c) || Character.isTitleCase(c) || Character.isDigit(c);
    }

    private static boolean isTerminator(char c) {
        return c == '.' || c == '!' || c == '?' || c == '\u2026';
    }

    private static boolean isClosing(char c) {
        return c == '"' || c == '\'' || c == ')' || c == ']' || c == '\u00BB' || c == '\u201D' || c == '\u2019'
                || c == '\u201C';
    }

    private static boolean isOpening(char c) {
        return c == '"' || c == '\'' || c == '(' || c == '[' || c == '\u00AB' || c == '\u201C' || c == '\u201E'
                || c == '\u2018' || c == '-' || c == '\u2013' || c == '\u2014';
    }
}
