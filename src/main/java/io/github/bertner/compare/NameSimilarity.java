package io.github.bertner.compare;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Similarity of two entity names written in possibly different scripts.
 * <p>
 * Both names are romanized with a declared {@link Transliteration}, stripped of diacritics, primes and
 * apostrophes, lower-cased and split into words at every other non-letter, non-digit character. Two
 * words score {@code 1 - levenshtein / longer length} (over code points). Because Russian names are
 * inflected ({@code Фельдштейна}, {@code Путину}), a Cyrillic word of five or more letters also competes
 * with its forms cut by one and two final letters, and the best score counts. Two names score the mean,
 * over the words of both, of each word's best score against the other name's words, so a dropped first
 * name lowers the score ({@code Владимир Путин ↔ Putin}: 2/3 of the words find a counterpart) without
 * hiding the match.
 */
public final class NameSimilarity {

    private final Transliteration transliteration;

    /**
     * @param transliteration romanization applied to both names
     */
    public NameSimilarity(Transliteration transliteration) {
        this.transliteration = Objects.requireNonNull(transliteration, "transliteration");
    }

    /** @return the romanization applied to both names */
    public Transliteration transliteration() {
        return transliteration;
    }

    /**
     * @param a a name
     * @param b another name
     * @return similarity in [0, 1]; 0 when either name has no letter or digit
     */
    public double similarity(String a, String b) {
        List<List<String>> wa = words(a);
        List<List<String>> wb = words(b);
        if (wa.isEmpty() || wb.isEmpty()) {
            return 0;
        }
        double[][] s = new double[wa.size()][wb.size()];
        for (int i = 0; i < wa.size(); i++) {
            for (int j = 0; j < wb.size(); j++) {
                s[i][j] = best(wa.get(i), wb.get(j));
            }
        }
        double sum = 0;
        for (double[] row : s) {
            double m = 0;
            for (double v : row) {
                m = Math.max(m, v);
            }
            sum += m;
        }
        for (int j = 0; j < wb.size(); j++) {
            double m = 0;
            for (double[] row : s) {
                m = Math.max(m, row[j]);
            }
            sum += m;
        }
        return sum / (wa.size() + wb.size());
    }

    /**
     * The normalized form compared by {@link #similarity}: romanized, without diacritics, lower case,
     * words joined by single spaces.
     *
     * @param name a name
     * @return its normalized form
     */
    public String normalize(String name) {
        List<String> out = new ArrayList<>();
        for (List<String> forms : words(name)) {
            out.add(forms.get(0));
        }
        return String.join(" ", out);
    }

    /** Each word's normalized forms: the full word first, then the cut ones of a long Cyrillic word. */
    private List<List<String>> words(String name) {
        List<List<String>> words = new ArrayList<>();
        for (String raw : name.split("[^\\p{L}\\p{M}\\p{Nd}ʹʺ'’]+")) {
            if (raw.isEmpty()) {
                continue;
            }
            List<String> forms = new ArrayList<>(3);
            addForm(forms, raw);
            if (isCyrillic(raw) && raw.length() >= 5) {
                addForm(forms, raw.substring(0, raw.length() - 1));
                addForm(forms, raw.substring(0, raw.length() - 2));
            }
            if (!forms.isEmpty()) {
                words.add(forms);
            }
        }
        return words;
    }

    private void addForm(List<String> forms, String word) {
        String latin = Normalizer.normalize(transliteration.apply(word), Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(latin.length());
        // primes (ʹ ʺ) are modifier letters: they mark softness, which English spelling never writes
        latin.codePoints().filter(c -> Character.isLetterOrDigit(c) && Character.getType(c) != Character.MODIFIER_LETTER)
                .forEach(b::appendCodePoint);
        String form = b.toString().toLowerCase(Locale.ROOT);
        if (!form.isEmpty() && !forms.contains(form)) {
            forms.add(form);
        }
    }

    private static boolean isCyrillic(String word) {
        return word.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC);
    }

    private static double best(List<String> a, List<String> b) {
        double best = 0;
        for (String x : a) {
            for (String y : b) {
                best = Math.max(best, wordSimilarity(x, y));
            }
        }
        return best;
    }

    /**
     * @param a a word
     * @param b another word
     * @return {@code 1 - levenshtein(a, b) / max(|a|, |b|)} over code points; 1 for two empty words
     */
    static double wordSimilarity(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int longer = Math.max(x.length, y.length);
        return longer == 0 ? 1 : 1.0 - (double) levenshtein(x, y) / longer;
    }

    /**
     * @param x code points of one word
     * @param y code points of the other
     * @return the least number of insertions, deletions and substitutions turning x into y
     */
    static int levenshtein(int[] x, int[] y) {
        int[] prev = new int[y.length + 1];
        int[] cur = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= y.length; j++) {
                int sub = prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[y.length];
    }
}
