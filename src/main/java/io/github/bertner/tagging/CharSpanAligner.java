package io.github.bertner.tagging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns character-offset entities into token tags for a tokenized text, like spaCy's
 * {@code offsets_to_biluo_tags}: a span whose begin or end does not fall on a token boundary is returned
 * as misaligned rather than silently dropped or stretched.
 */
public final class CharSpanAligner {

    private CharSpanAligner() {
    }

    /**
     * Aligns spans to tokens.
     *
     * @param tokenBegins begin offset of each token, ascending
     * @param tokenEnds end offset (exclusive) of each token
     * @param spans character spans; must not overlap each other
     * @param scheme tag scheme of the result
     * @return tags per token and the spans that could not be aligned
     * @throws IllegalArgumentException when arrays disagree in length or spans overlap
     */
    public static TokenAlignment toTags(int[] tokenBegins, int[] tokenEnds, List<CharSpan> spans, TagScheme scheme) {
        if (tokenBegins.length != tokenEnds.length) {
            throw new IllegalArgumentException("token begin/end arrays differ in length: " + tokenBegins.length
                    + " vs " + tokenEnds.length);
        }
        List<CharSpan> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingInt(CharSpan::begin).thenComparingInt(CharSpan::end));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i - 1).end() > sorted.get(i).begin()) {
                throw new IllegalArgumentException("character spans overlap: " + sorted.get(i - 1) + " and "
                        + sorted.get(i) + "; flatten nested entities first");
            }
        }
        List<Span> tokenSpans = new ArrayList<>();
        List<CharSpan> misaligned = new ArrayList<>();
        for (CharSpan cs : sorted) {
            int first = Arrays.binarySearch(tokenBegins, cs.begin());
            int last = indexOfEnd(tokenEnds, cs.end());
            if (first < 0 || last < 0 || last < first) {
                misaligned.add(cs);
            } else {
                tokenSpans.add(new Span(first, last + 1, cs.type()));
            }
        }
        return new TokenAlignment(TagCodec.encode(tokenSpans, tokenBegins.length, scheme), misaligned);
    }

    private static int indexOfEnd(int[] ends, int end) {
        for (int i = 0; i < ends.length; i++) {
            if (ends[i] == end) {
                return i;
            }
            if (ends[i] > end) {
                return -1;
            }
        }
        return -1;
    }
}
