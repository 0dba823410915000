package io.github.bertner.serve;

import io.github.bertner.inference.EntityPrediction;
import io.github.bertner.io.Segmentation;
import io.github.bertner.io.TextRange;
import io.github.bertner.io.TextSegmenter;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw text to word sequences ({@link TextSegmenter}: tokens and sentences) and word-range predictions
 * back to entities with character offsets.
 */
final class TextTagging {

    /** A segmented text: its sentences as word lists, and where each sentence's tokens start. */
    record Prepared(String text, Segmentation segmentation, List<List<String>> sentences, int[] firstToken) {
    }

    private TextTagging() {
    }

    static Prepared prepare(String text) {
        Segmentation seg = TextSegmenter.segment(text);
        return new Prepared(text, seg, seg.sentenceWords(text), seg.firstTokens());
    }

    static TaggedText assemble(String lang, String model, Prepared p, List<List<EntityPrediction>> predictions) {
        String text = p.text();
        int[] cp = codePointIndex(text);
        List<TextRange> tokens = p.segmentation().tokens();
        List<TextSpan> sentenceSpans = new ArrayList<>();
        for (TextRange r : p.segmentation().sentences()) {
            sentenceSpans.add(span(r.begin(), r.end(), cp));
        }
        List<TextSpan> tokenSpans = new ArrayList<>(tokens.size());
        for (TextRange r : tokens) {
            tokenSpans.add(span(r.begin(), r.end(), cp));
        }
        List<TaggedEntity> entities = new ArrayList<>();
        for (int s = 0; s < predictions.size(); s++) {
            for (EntityPrediction e : predictions.get(s)) {
                int b = tokens.get(p.firstToken()[s] + e.start()).begin();
                int end = tokens.get(p.firstToken()[s] + e.end() - 1).end();
                entities.add(new TaggedEntity(cp[b], cp[end], b, end, text.substring(b, end), e.type(),
                        e.confidence(), s));
            }
        }
        return new TaggedText(lang, model, text, sentenceSpans, tokenSpans, entities);
    }

    private static TextSpan span(int b, int e, int[] cp) {
        return new TextSpan(cp[b], cp[e], b, e);
    }

    /** For each UTF-16 index, the number of code points before it. */
    private static int[] codePointIndex(String text) {
        int[] cp = new int[text.length() + 1];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            cp[i] = n;
            if (!(Character.isLowSurrogate(text.charAt(i)) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)))) {
                n++;
            } else {
                cp[i] = n - 1;
            }
        }
        cp[text.length()] = n;
        return cp;
    }
}
