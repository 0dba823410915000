package io.github.bertner.io;

/**
 * Which text of a factRuEval-2016 object becomes the entity's extent.
 * <p>
 * factRuEval objects bundle name spans with descriptor spans ({@code org_descr} "мэрию", {@code loc_descr}
 * "села", {@code geo_adj}), so an object's full extent ("издательство « Амфора") is longer than the name that
 * most NER corpora and models mark ("Амфора"). Published factRuEval scores differ in this choice: the
 * natasha/naeval benchmark, where DeepPavlov's and slovnet's factRuEval numbers come from, keeps only the
 * name spans of organisations and locations.
 */
public enum FactRuEvalExtent {
    /** The object from the start of its first span to the end of its last span, descriptors included. */
    OBJECT,
    /**
     * Names only, as naeval reads the corpus: a {@code Person} keeps its object extent (its spans are all name
     * parts); an {@code Org} becomes one entity per {@code org_name} span, a {@code Location} or {@code LocOrg}
     * one per {@code loc_name} span, and one without such a span is left out (counted as
     * {@code objects.without_name_span}); other object types keep their object extent.
     */
    NAMES
}
