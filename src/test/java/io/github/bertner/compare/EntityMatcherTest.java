package io.github.bertner.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class EntityMatcherTest {

    private final EntityMatcher matcher = EntityMatcher.builder().build();

    private static EntityMention e(String type, String text) {
        return new EntityMention(text, type, 0.9);
    }

    @Test
    void transliterationsFollowTheirTables() {
        assertEquals("Felʹdštejn", Transliteration.ISO_9.apply("Фельдштейн"));
        assertEquals("Felʹdshteyn", Transliteration.BGN_PCGN.apply("Фельдштейн"));
        assertEquals("Khrushchëv", Transliteration.BGN_PCGN.apply("Хрущёв"));
        assertEquals("Hruŝëv", Transliteration.ISO_9.apply("Хрущёв"));
        assertEquals("Yelena Solovʹyeva", Transliteration.BGN_PCGN.apply("Елена Соловьева"));
        assertEquals("Elena Solovʹeva", Transliteration.ISO_9.apply("Елена Соловьева"));
        assertEquals("TSSKA i Shum", Transliteration.BGN_PCGN.apply("ЦСКА и Шум"));
        assertEquals("Berlin 2024", Transliteration.BGN_PCGN.apply("Berlin 2024"));
        assertEquals(Transliteration.BGN_PCGN, Transliteration.parse("bgn-pcgn"));
        assertEquals(Transliteration.ISO_9, Transliteration.parse("iso9"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transliteration.parse("gost"));
        assertEquals("expected a transliteration iso9 or bgn-pcgn, found 'gost'", e.getMessage());
    }

    @Test
    void namesAreComparedRomanizedWithoutDiacriticsOrPrimes() {
        NameSimilarity bgn = new NameSimilarity(Transliteration.BGN_PCGN);
        NameSimilarity iso = new NameSimilarity(Transliteration.ISO_9);
        assertEquals("feldshteyn", bgn.normalize("Фельдштейн"));
        assertEquals("feldstejn", iso.normalize("Фельдштейн"));
        assertEquals("khrushchev", bgn.normalize("Хрущёв"));
        // feldshteyn → feldstein: delete h, y → i
        assertEquals(0.8, bgn.similarity("Фельдштейн", "Feldstein"), 1e-12);
        // feldstejn → feldstein: j → i
        assertEquals(8.0 / 9, iso.similarity("Фельдштейн", "Feldstein"), 1e-12);
        // the genitive's final a is cut off before comparing
        assertEquals(0.8, bgn.similarity("Фельдштейна", "Feldstein"), 1e-12);
        assertEquals(1.0, bgn.similarity("Хрущёва", "Khrushchev"), 1e-12);
        // putin finds putin (1 twice); vladimir's best form, vladim, scores 1 - 5/6 against putin
        assertEquals((1.0 / 6 + 1 + 1) / 3, bgn.similarity("Владимир Путин", "Putin"), 1e-12);
        assertEquals(0.0, bgn.similarity("«»", "Putin"));
        assertEquals(3, NameSimilarity.levenshtein("kitten".codePoints().toArray(), "sitting".codePoints().toArray()));
    }

    @Test
    void faithfulTranslationHasNoFlagsAndTheExonymMatchesByType() {
        PairComparison c = matcher.compare(
                List.of(e("PER", "Фельдштейн"), e("PER", "Ивановым"), e("LOC", "Москве")),
                List.of(e("PER", "Feldstein"), e("PER", "Ivanov"), e("LOC", "Moscow")));
        assertEquals(List.of(new EntityMatch(0, 0, 0.8, MatchBasis.NAME), new EntityMatch(1, 1, 1.0, MatchBasis.NAME),
                new EntityMatch(2, 2, 0.5, MatchBasis.TYPE)), c.matches());
        assertEquals(List.of(), c.flags());
        assertEquals("3 source, 3 target entities; 3 matched (1 by type only); no flags", c.summary());
    }

    @Test
    void lostEntityIsMissingAndItsTypeCountDiffers() {
        PairComparison c = matcher.compare(List.of(e("PER", "Фельдштейн"), e("ORG", "Газпром")),
                List.of(e("PER", "Feldstein")));
        assertEquals(List.of(new EntityMatch(0, 0, 0.8, MatchBasis.NAME)), c.matches());
        assertEquals(List.of(
                new Flag(FlagKind.MISSING_IN_TRANSLATION, 1, -1, "ORG", 0, 0,
                        "ORG «Газпром» has no counterpart in the translation"),
                new Flag(FlagKind.COUNT_DIFFERS, -1, -1, "ORG", 1, 0, "ORG: 1 in the source, 0 in the translation")),
                c.flags());
        assertEquals("2 source, 1 target entities; 1 matched; 1 missing in translation; ORG 1 → 0", c.summary());
    }

    @Test
    void sameNameWithAnotherTypeIsATypeChange() {
        PairComparison c = matcher.compare(List.of(e("ORG", "Тесла")), List.of(e("PER", "Tesla")));
        assertEquals(List.of(new EntityMatch(0, 0, 1.0, MatchBasis.NAME)), c.matches());
        assertEquals(List.of(FlagKind.TYPE_CHANGED, FlagKind.COUNT_DIFFERS, FlagKind.COUNT_DIFFERS),
                c.flags().stream().map(Flag::kind).toList());
        assertEquals("«Тесла» is ORG in the source, «Tesla» is PER in the translation", c.flags().get(0).message());
        assertEquals("1 source, 1 target entities; 1 matched; 1 type changed; ORG 1 → 0; PER 0 → 1", c.summary());
    }

    @Test
    void entityOnlyInTheTranslationIsAdded() {
        PairComparison c = matcher.compare(List.of(), List.of(e("LOC", "Paris")));
        assertEquals(List.of(new Flag(FlagKind.ADDED_IN_TRANSLATION, -1, 0, "LOC", 0, 0,
                        "LOC «Paris» has no counterpart in the source"),
                new Flag(FlagKind.COUNT_DIFFERS, -1, -1, "LOC", 0, 1, "LOC: 0 in the source, 1 in the translation")),
                c.flags());
        assertEquals("0 source, 1 target entities; 0 matched; 1 added in translation; LOC 0 → 1", c.summary());
    }

    @Test
    void typeFallbackNeverGuessesBetweenSeveralCandidates() {
        PairComparison c = matcher.compare(List.of(e("PER", "Петров"), e("PER", "Сидоров")),
                List.of(e("PER", "Smith"), e("PER", "Jones")));
        assertEquals(List.of(), c.matches());
        assertEquals(2, c.count(FlagKind.MISSING_IN_TRANSLATION));
        assertEquals(2, c.count(FlagKind.ADDED_IN_TRANSLATION));
        assertEquals(0, c.count(FlagKind.COUNT_DIFFERS));
        assertEquals("2 source, 2 target entities; 0 matched; 2 missing in translation; 2 added in translation",
                c.summary());
        PairComparison off = EntityMatcher.builder().optTypeFallback(false).build()
                .compare(List.of(e("LOC", "Москве")), List.of(e("LOC", "Moscow")));
        assertEquals(List.of(), off.matches());
    }

    @Test
    void matchingIsOneToOneBestFirst() {
        // Иванов takes Ivanov (1.0) although Иван comes first and also reaches the threshold (4/6)
        PairComparison c = matcher.compare(List.of(e("PER", "Иван"), e("PER", "Иванов")), List.of(e("PER", "Ivanov")));
        assertEquals(List.of(new EntityMatch(1, 0, 1.0, MatchBasis.NAME)), c.matches());
        assertEquals(new Flag(FlagKind.MISSING_IN_TRANSLATION, 0, -1, "PER", 0, 0,
                "PER «Иван» has no counterpart in the translation"), c.flags().get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EntityMatcher.builder().optThreshold(1.5));
        assertEquals("expected a threshold in (0, 1], found 1.5", e.getMessage());
    }
}
