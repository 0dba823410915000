package io.github.bertner.eval;

import java.util.List;

/**
 * Everything one evaluation computed.
 *
 * @param settings settings and provenance
 * @param sentences the evaluated sentences (kept for error listings)
 * @param tokens number of word tokens
 * @param correctTags tokens whose predicted tag equals the gold tag (conlleval's accuracy numerator, O included)
 * @param strict entity scores with exact span and type match (conlleval in lenient decoding)
 * @param relaxed token-level scores over entity tokens, prefixes ignored
 * @param semEval SemEval-2013 task 9.1 counts
 * @param tokenTags token confusion of full tags ({@code B-LOC}, {@code I-LOC}, {@code O} ...), rows = gold
 * @param tokenTypes token confusion of types (prefix dropped, {@code O} kept), rows = gold
 * @param entityConfusion entity-level outcomes and gold type x predicted type matrix
 * @param matches outcome of every gold entity and every spurious prediction, in sentence order
 * @param strictF1Interval bootstrap interval of strict micro F1, null without bootstrap
 * @param pairedTest paired bootstrap test against another system, null when there was none
 */
public record EvaluationResult(EvalSettings settings, List<EvalSentence> sentences, long tokens, long correctTags,
                               EntityScores strict, EntityScores relaxed, SemEvalResult semEval,
                               ConfusionMatrix tokenTags, ConfusionMatrix tokenTypes,
                               EntityConfusion entityConfusion, List<EntityMatch> matches,
                               ConfidenceInterval strictF1Interval, PairedTest pairedTest) {

    /**
     * Copies the lists.
     *
     * @param settings settings
     * @param sentences sentences
     * @param tokens tokens
     * @param correctTags correct tags
     * @param strict strict scores
     * @param relaxed relaxed scores
     * @param semEval SemEval counts
     * @param tokenTags tag confusion
     * @param tokenTypes type confusion
     * @param entityConfusion entity confusion
     * @param matches entity outcomes
     * @param strictF1Interval interval or null
     * @param pairedTest test or null
     */
    public EvaluationResult {
        sentences = List.copyOf(sentences);
        matches = List.copyOf(matches);
    }

    /**
     * Token accuracy as conlleval computes it: all tokens, O included.
     *
     * @return accuracy in [0, 1], NaN without tokens
     */
    public double accuracy() {
        return tokens == 0 ? Double.NaN : (double) correctTags / tokens;
    }

    /**
     * The entity outcomes that are errors (everything but {@link ErrorClass#CORRECT}).
     *
     * @return the errors, in sentence order
     */
    public List<EntityMatch> errors() {
        return matches.stream().filter(m -> m.errorClass() != ErrorClass.CORRECT).toList();
    }

    /**
     * The same result with a paired test attached.
     *
     * @param test the test
     * @return a new result
     */
    public EvaluationResult withPairedTest(PairedTest test) {
        return new EvaluationResult(settings, sentences, tokens, correctTags, strict, relaxed, semEval, tokenTags,
                tokenTypes, entityConfusion, matches, strictF1Interval, test);
    }
}
