package io.github.bertner.compare;

import java.util.Map;

/**
 * Declared romanizations of Russian Cyrillic, used to compare names across a Russian text and its
 * English translation. Latin and other characters pass through unchanged.
 * <ul>
 *   <li>{@link #ISO_9}: ISO 9:1995 (GOST 7.79 System A), one Latin letter (with diacritics) per Cyrillic
 *       letter, reversible: {@code Фельдштейн → Felʹdštejn}.</li>
 *   <li>{@link #BGN_PCGN}: the BGN/PCGN 1947 system for Russian, close to English spelling:
 *       {@code Фельдштейн → Felʹdshteyn}, {@code Хрущёв → Khrushchëv}; {@code е} and {@code ё} are written
 *       {@code ye}/{@code yë} at the start of a word and after a vowel, {@code й}, {@code ъ} or {@code ь}.</li>
 * </ul>
 */
public enum Transliteration {
    /** ISO 9:1995, System A. */
    ISO_9(Map.ofEntries(
            Map.entry('а', "a"), Map.entry('б', "b"), Map.entry('в', "v"), Map.entry('г', "g"), Map.entry('д', "d"),
            Map.entry('е', "e"), Map.entry('ё', "ë"), Map.entry('ж', "ž"), Map.entry('з', "z"), Map.entry('и', "i"),
            Map.entry('й', "j"), Map.entry('к', "k"), Map.entry('л', "l"), Map.entry('м', "m"), Map.entry('н', "n"),
            Map.entry('о', "o"), Map.entry('п', "p"), Map.entry('р', "r"), Map.entry('с', "s"), Map.entry('т', "t"),
            Map.entry('у', "u"), Map.entry('ф', "f"), Map.entry('х', "h"), Map.entry('ц', "c"), Map.entry('ч', "č"),
            Map.entry('ш', "š"), Map.entry('щ', "ŝ"), Map.entry('ъ', "ʺ"), Map.entry('ы', "y"), Map.entry('ь', "ʹ"),
            Map.entry('э', "è"), Map.entry('ю', "û"), Map.entry('я', "â")), false),
    /** BGN/PCGN 1947 for Russian. */
    BGN_PCGN(Map.ofEntries(
            Map.entry('а', "a"), Map.entry('б', "b"), Map.entry('в', "v"), Map.entry('г', "g"), Map.entry('д', "d"),
            Map.entry('е', "e"), Map.entry('ё', "ë"), Map.entry('ж', "zh"), Map.entry('з', "z"), Map.entry('и', "i"),
            Map.entry('й', "y"), Map.entry('к', "k"), Map.entry('л', "l"), Map.entry('м', "m"), Map.entry('н', "n"),
            Map.entry('о', "o"), Map.entry('п', "p"), Map.entry('р', "r"), Map.entry('с', "s"), Map.entry('т', "t"),
            Map.entry('у', "u"), Map.entry('ф', "f"), Map.entry('х', "kh"), Map.entry('ц', "ts"), Map.entry('ч', "ch"),
            Map.entry('ш', "sh"), Map.entry('щ', "shch"), Map.entry('ъ', "ʺ"), Map.entry('ы', "y"), Map.entry('ь', "ʹ"),
            Map.entry('э', "e"), Map.entry('ю', "yu"), Map.entry('я', "ya")), true);

    private final Map<Character, String> table;
    private final boolean iotatedE;

    Transliteration(Map<Character, String> table, boolean iotatedE) {
        this.table = table;
        this.iotatedE = iotatedE;
    }

    /**
     * Romanizes the Russian letters of a text; capitalisation is kept (a capital becomes a capitalised
     * group, {@code Ш → Sh}, or an all-capital one inside an all-capital word, {@code ШУМ → SHUM}).
     *
     * @param text any text
     * @return the text with every Russian letter replaced
     */
    public String apply(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char lower = Character.toLowerCase(c);
            String latin = table.get(lower);
            if (latin == null) {
                out.append(c);
                continue;
            }
            if (iotatedE && (lower == 'е' || lower == 'ё') && iotatingContext(text, i)) {
                latin = "y" + latin;
            }
            if (c != lower) {
                boolean allCaps = (i + 1 < text.length() && Character.isUpperCase(text.charAt(i + 1)))
                        || ((i + 1 == text.length() || !Character.isLetter(text.charAt(i + 1)))
                        && i > 0 && Character.isUpperCase(text.charAt(i - 1)));
                latin = allCaps ? latin.toUpperCase(java.util.Locale.ROOT)
                        : Character.toUpperCase(latin.charAt(0)) + latin.substring(1);
            }
            out.append(latin);
        }
        return out.toString();
    }

    private static boolean iotatingContext(String text, int i) {
        if (i == 0 || !Character.isLetter(text.charAt(i - 1))) {
            return true;
        }
        char prev = Character.toLowerCase(text.charAt(i - 1));
        return "аеёиоуыэюяйъь".indexOf(prev) >= 0;
    }

    /**
     * Parses a scheme name as written on a command line or in a request: {@code iso9}, {@code ISO_9},
     * {@code bgn-pcgn}, {@code bgn}.
     *
     * @param name scheme name
     * @return the scheme
     * @throws IllegalArgumentException naming the accepted values when the name is unknown
     */
    public static Transliteration parse(String name) {
        String n = name.trim().toUpperCase(java.util.Locale.ROOT).replace("-", "").replace("_", "").replace("/", "");
        return switch (n) {
            case "ISO9" -> ISO_9;
            case "BGN", "BGNPCGN" -> BGN_PCGN;
            default -> throw new IllegalArgumentException(
                    "expected a transliteration iso9 or bgn-pcgn, found '" + name + "'");
        };
    }
}
