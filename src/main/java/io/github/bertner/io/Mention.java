package io.github.bertner.io;

import java.util.List;

/**
 * One gold entity mention read from a corpus, before it becomes a UIMA {@code NamedEntity}.
 * Nested, crossing and discontinuous mentions are all kept; flattening for BIO training is a later,
 * explicit step ({@link EntityFlattener}).
 *
 * @param id        the mention's id in the source (brat {@code T12}, factRuEval object id, BSNLP
 *                  cross-lingual id); may be null
 * @param type      the entity type after label mapping
 * @param extent    from the begin of the first fragment to the end of the last
 * @param fragments the annotated pieces in text order; a single element unless discontinuous
 */
public record Mention(String id, String type, TextRange extent, List<TextRange> fragments) {

    /** Copies the fragment list and checks that the extent covers exactly the fragments. */
    public Mention {
        fragments = List.copyOf(fragments);
        if (fragments.isEmpty()) {
            throw new IllegalArgumentException("mention " + id + " has no fragment");
        }
        int min = fragments.stream().mapToInt(TextRange::begin).min().orElseThrow();
        int max = fragments.stream().mapToInt(TextRange::end).max().orElseThrow();
        if (extent.begin() != min || extent.end() != max) {
            throw new IllegalArgumentException("mention " + id + ": extent " + extent
                    + " does not span its fragments " + fragments);
        }
    }

    /**
     * Builds a contiguous mention.
     *
     * @param id    source id, may be null
     * @param type  entity type
     * @param range the mention's characters
     * @return the mention
     */
    public static Mention of(String id, String type, TextRange range) {
        return new Mention(id, type, range, List.of(range));
    }

    /**
     * First character of the extent.
     *
     * @return begin offset
     */
    public int begin() {
        return extent.begin();
    }

    /**
     * End (exclusive) of the extent.
     *
     * @return end offset
     */
    public int end() {
        return extent.end();
    }

    /**
     * Whether more than one fragment was annotated (the extent then includes unannotated text).
     *
     * @return true for discontinuous mentions
     */
    public boolean isDiscontinuous() {
        return fragments.size() > 1;
    }
}
