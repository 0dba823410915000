package io.github.bertner.eval;

import io.github.bertner.tagging.Span;
import io.github.bertner.tagging.Tag;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes every metric of an {@link EvaluationResult} from word-level gold and predicted tags.
 *
 * <p>Plain-Java entry point, e.g. for the trainer:
 * <pre>{@code
 * EvaluationResult r = Evaluator.evaluate(goldTags, predTags);          // List<List<String>> each
 * double f1 = r.strict().micro().f1();                                   // conlleval FB1 / 100
 * double relaxedF1 = r.relaxed().micro().f1();
 * Score per = r.strict().type("PER");                                    // precision(), recall(), f1()
 * ConfusionMatrix m = r.tokenTags();                                     // rows = gold, columns = predicted
 * ReportWriter.writeAll(r, Path.of("target/eval"));                      // JSON, CSV, HTML + PNG, errors
 * }</pre>
 */
public final class Evaluator {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);
    private static final String OUTSIDE = "O";

    private Evaluator() {
    }

    /**
     * Evaluates tag sequences with the default settings (lenient decoding, no bootstrap).
     *
     * @param gold gold tags per sentence
     * @param pred predicted tags per sentence, same shape
     * @return the result
     * @throws IllegalArgumentException when the shapes differ or a tag cannot be parsed
     */
    public static EvaluationResult evaluate(List<List<String>> gold, List<List<String>> pred) {
        return evaluate(gold, pred, EvalSettings.defaults());
    }

    /**
     * Evaluates tag sequences.
     *
     * @param gold gold tags per sentence
     * @param pred predicted tags per sentence, same shape
     * @param settings settings
     * @return the result
     * @throws IllegalArgumentException when the shapes differ or a tag cannot be parsed
     */
    public static EvaluationResult evaluate(List<List<String>> gold, List<List<String>> pred,
                                            EvalSettings settings) {
        return evaluate(toSentences(gold, pred), settings);
    }

    /**
     * Pairs tag lists into sentences named {@code s0, s1, ...}.
     *
     * @param gold gold tags per sentence
     * @param pred predicted tags per sentence
     * @return the sentences
     */
    public static List<EvalSentence> toSentences(List<List<String>> gold, List<List<String>> pred) {
        if (gold.size() != pred.size()) {
            throw new IllegalArgumentException("expected as many predicted as gold sentences (" + gold.size()
                    + "), found " + pred.size());
        }
        List<EvalSentence> out = new ArrayList<>(gold.size());
        for (int i = 0; i < gold.size(); i++) {
            out.add(EvalSentence.ofTags("s" + i, gold.get(i), pred.get(i)));
        }
        return out;
    }

    /**
     * Evaluates sentences.
     *
     * @param sentences the sentences
     * @param settings settings (decoding, bootstrap, provenance)
     * @return the result, with a bootstrap interval when {@code settings.bootstrapSamples() > 0}
     * @throws IllegalArgumentException when a tag cannot be parsed, naming the sentence and position
     */
    public static EvaluationResult evaluate(List<EvalSentence> sentences, EvalSettings settings) {
        return evaluateKept(TypeFilter.keep(sentences, settings.types()), settings);
    }

    /** {@link #evaluate} on sentences that hold only the settings' types already. */
    private static EvaluationResult evaluateKept(List<EvalSentence> sentences, EvalSettings settings) {
        Accumulator acc = new Accumulator(settings.decoding());
        for (int i = 0; i < sentences.size(); i++) {
            acc.add(i, sentences.get(i));
        }
        ConfidenceInterval ci = null;
        if (settings.bootstrapSamples() > 0) {
            warnFewSamples(settings.bootstrapSamples());
            ci = Bootstrap.f1Interval(acc.perSentence(), settings.bootstrapSamples(), settings.seed(), 0.95);
        }
        EvaluationResult result = acc.result(settings, sentences, ci);
        warnUndefined(result);
        return result;
    }

    /**
     * Evaluates system A and tests it against system B on the same gold standard with a paired bootstrap
     * (with {@link Bootstrap#DEFAULT_SAMPLES} samples when the settings ask for none).
     *
     * @param systemA sentences with A's predictions
     * @param systemB sentences with B's predictions: same sentences, same gold tags
     * @param otherSystem name of B for the report
     * @param settings settings (of A)
     * @return A's result with {@link EvaluationResult#pairedTest()} set
     * @throws IllegalArgumentException when the gold standards differ, naming the first differing sentence
     */
    public static EvaluationResult compare(List<EvalSentence> systemA, List<EvalSentence> systemB,
                                           String otherSystem, EvalSettings settings) {
        if (systemA.size() != systemB.size()) {
            throw new IllegalArgumentException("paired test: expected the same sentences for both systems, found "
                    + systemA.size() + " and " + systemB.size() + " sentences");
        }
        for (int i = 0; i < systemA.size(); i++) {
            if (!systemA.get(i).gold().equals(systemB.get(i).gold())
                    || !systemA.get(i).tokens().equals(systemB.get(i).tokens())) {
                throw new IllegalArgumentException("paired test: sentence " + i + " (" + systemA.get(i).id()
                        + ") has different tokens or gold tags in the two systems' data");
            }
        }
        systemA = TypeFilter.keep(systemA, settings.types());
        systemB = TypeFilter.keep(systemB, settings.types());
        EvaluationResult a = evaluateKept(systemA, settings);
        Accumulator b = new Accumulator(settings.decoding());
        for (int i = 0; i < systemB.size(); i++) {
            b.add(i, systemB.get(i));
        }
        Accumulator aCounts = new Accumulator(settings.decoding());
        for (int i = 0; i < systemA.size(); i++) {
            aCounts.add(i, systemA.get(i));
        }
        int samples = settings.bootstrapSamples() > 0 ? settings.bootstrapSamples() : Bootstrap.DEFAULT_SAMPLES;
        warnFewSamples(samples);
        PairedTest test = Bootstrap.pairedTest(aCounts.perSentence(), b.perSentence(), otherSystem, samples,
                settings.seed());
        return a.withPairedTest(test);
    }

    private static void warnFewSamples(int samples) {
        if (samples < Bootstrap.DEFAULT_SAMPLES) {
            LOG.warn("only {} bootstrap samples; use at least {} for a stable 95% interval", samples,
                    Bootstrap.DEFAULT_SAMPLES);
        }
    }

    private static void warnUndefined(EvaluationResult r) {
        warnUndefined("strict", r.strict());
        warnUndefined("relaxed", r.relaxed());
        if (r.tokens() == 0) {
            LOG.warn("no tokens: accuracy is undefined and reported as NaN");
        }
    }

    private static void warnUndefined(String name, EntityScores s) {
        List<String> noPred = new ArrayList<>();
        List<String> noGold = new ArrayList<>();
        s.perType().forEach((type, score) -> {
            if (score.predicted() == 0) {
                noPred.add(type);
            }
            if (score.gold() == 0) {
                noGold.add(type);
            }
        });
        if (s.micro().predicted() == 0) {
            LOG.warn("{}: nothing predicted, micro precision is undefined (NaN)", name);
        }
        if (s.micro().gold() == 0) {
            LOG.warn("{}: no gold entities, micro recall is undefined (NaN)", name);
        }
        if (!noPred.isEmpty()) {
            LOG.warn("{}: precision undefined (NaN) for types never predicted: {}", name, noPred);
        }
        if (!noGold.isEmpty()) {
            LOG.warn("{}: recall undefined (NaN) for types absent from the gold standard: {}", name, noGold);
        }
    }

    /**
     * Collects counts sentence by sentence; also used to build per-sentence counts for the bootstrap.
     */
    private static final class Accumulator {
        private final EntityDecoding decoding;
        private final Map<String, String> typeCache = new HashMap<>();
        private final Map<String, long[]> strictCounts = new HashMap<>();
        private final Map<String, Map<String, long[]>> tagCells = new HashMap<>();
        private final Map<String, Map<String, long[]>> typeCells = new HashMap<>();
        private final Map<String, Map<SemEvalScheme, long[]>> semEval = new HashMap<>();
        private final Map<String, Map<String, long[]>> entityCells = new HashMap<>();
        private final Map<String, Map<ErrorClass, Long>> classes = new HashMap<>();
        private final List<EntityMatch> matches = new ArrayList<>();
        private final List<long[]> perSentence = new ArrayList<>();
        private long tokens;
        private long correctTags;

        Accumulator(EntityDecoding decoding) {
            this.decoding = decoding;
        }

        void add(int index, EvalSentence s) {
            List<Span> gold;
            List<Span> pred;
            try {
                gold = decoding.decode(s.gold());
                pred = decoding.decode(s.pred());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sentence " + s.id() + ": " + e.getMessage(), e);
            }
            tokens(s);
            long correct = strict(gold, pred);
            perSentence.add(new long[] {correct, pred.size(), gold.size()});
            semEval(gold, pred);
            entities(index, gold, pred);
        }

        private void tokens(EvalSentence s) {
            for (int i = 0; i < s.size(); i++) {
                String g = s.gold().get(i);
                String p = s.pred().get(i);
                tokens++;
                if (g.equals(p)) {
                    correctTags++;
                }
                inc(tagCells, g, p);
                inc(typeCells, type(s, i, g), type(s, i, p));
            }
        }

        private String type(EvalSentence s, int i, String tag) {
            String t = typeCache.get(tag);
            if (t == null) {
                try {
                    Tag parsed = Tag.parse(tag);
                    t = parsed.isOutside() ? OUTSIDE : parsed.type();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("sentence " + s.id() + ", token " + i + " ('"
                            + s.tokens().get(i) + "'): " + e.getMessage(), e);
                }
                typeCache.put(tag, t);
            }
            return t;
        }

        private long strict(List<Span> gold, List<Span> pred) {
            Set<Span> predSet = new HashSet<>(pred);
            long correct = 0;
            for (Span g : gold) {
                long[] c = strictCounts.computeIfAbsent(g.type(), k -> new long[3]);
                c[2]++;
                if (predSet.contains(g)) {
                    c[0]++;
                    correct++;
                }
            }
            for (Span p : pred) {
                strictCounts.computeIfAbsent(p.type(), k -> new long[3])[1]++;
            }
            return correct;
        }

        /** nervaluate's compute_metrics, per sentence. */
        private void semEval(List<Span> gold, List<Span> pred) {
            Set<Span> goldSet = new HashSet<>(gold);
            boolean[] touched = new boolean[gold.size()];
            for (Span p : pred) {
                if (goldSet.contains(p)) {
                    touched[gold.indexOf(p)] = true;
                    sem(p.type(), 0, 0, 0, 0);
                    continue;
                }
                boolean found = false;
                for (int k = 0; k < gold.size() && !found; k++) {
                    Span g = gold.get(k);
                    if (g.start() == p.start() && g.end() == p.end()) {
                        // same offsets, other type: strict INC, exact COR, partial COR, type INC
                        sem(g.type(), 1, 0, 0, 1);
                        touched[k] = true;
                        found = true;
                    } else if (overlap(g, p) > 0) {
                        touched[k] = true;
                        found = true;
                        if (g.type().equals(p.type())) {
                            sem(g.type(), 1, 1, 2, 0);
                        } else {
                            sem(g.type(), 1, 1, 2, 1);
                        }
                    }
                }
                if (!found) {
                    for (SemEvalScheme scheme : SemEvalScheme.values()) {
                        semCell(p.type(), scheme)[4]++;
                    }
                }
            }
            for (int k = 0; k < gold.size(); k++) {
                if (!touched[k]) {
                    for (SemEvalScheme scheme : SemEvalScheme.values()) {
                        semCell(gold.get(k).type(), scheme)[3]++;
                    }
                }
            }
        }

        /** Adds one outcome per scheme: 0 = COR, 1 = INC, 2 = PAR. */
        private void sem(String type, int strict, int exact, int partial, int typed) {
            semCell(type, SemEvalScheme.STRICT)[strict]++;
            semCell(type, SemEvalScheme.EXACT)[exact]++;
            semCell(type, SemEvalScheme.PARTIAL)[partial]++;
            semCell(type, SemEvalScheme.TYPE)[typed]++;
        }

        private long[] semCell(String type, SemEvalScheme scheme) {
            return semEval.computeIfAbsent(type, k -> new EnumMap<>(SemEvalScheme.class))
                    .computeIfAbsent(scheme, k -> new long[5]);
        }

        private void entities(int sentence, List<Span> gold, List<Span> pred) {
            boolean[] overlapped = new boolean[pred.size()];
            for (Span g : gold) {
                Span exact = null;
                Span sameType = null;
                Span other = null;
                int bestSame = 0;
                int bestOther = 0;
                for (int k = 0; k < pred.size(); k++) {
                    Span p = pred.get(k);
                    int o = overlap(g, p);
                    if (o == 0) {
                        continue;
                    }
                    overlapped[k] = true;
                    if (p.start() == g.start() && p.end() == g.end()) {
                        exact = p;
                    } else if (p.type().equals(g.type())) {
                        if (o > bestSame) {
                            bestSame = o;
                            sameType = p;
                        }
                    } else if (o > bestOther) {
                        bestOther = o;
                        other = p;
                    }
                }
                ErrorClass c;
                Span matched;
                if (exact != null) {
                    matched = exact;
                    c = exact.type().equals(g.type()) ? ErrorClass.CORRECT : ErrorClass.TYPE;
                } else if (sameType != null) {
                    matched = sameType;
                    c = ErrorClass.BOUNDARY;
                } else if (other != null) {
                    matched = other;
                    c = ErrorClass.BOUNDARY_TYPE;
                } else {
                    matched = null;
                    c = ErrorClass.MISSED;
                }
                matches.add(new EntityMatch(sentence, c, g, matched));
                inc(entityCells, g.type(), matched == null ? EntityConfusion.MISSED : matched.type());
                classes.computeIfAbsent(g.type(), k -> new EnumMap<>(ErrorClass.class)).merge(c, 1L, Long::sum);
            }
            for (int k = 0; k < pred.size(); k++) {
                if (!overlapped[k]) {
                    Span p = pred.get(k);
                    matches.add(new EntityMatch(sentence, ErrorClass.SPURIOUS, null, p));
                    inc(entityCells, EntityConfusion.SPURIOUS, p.type());
                    classes.computeIfAbsent(p.type(), x -> new EnumMap<>(ErrorClass.class))
                            .merge(ErrorClass.SPURIOUS, 1L, Long::sum);
                }
            }
        }

        long[][] perSentence() {
            return perSentence.toArray(new long[0][]);
        }

        EvaluationResult result(EvalSettings settings, List<EvalSentence> sentences, ConfidenceInterval ci) {
            SortedMap<String, Score> strict = new TreeMap<>();
            strictCounts.forEach((t, c) -> strict.put(t, new Score(c[0], c[1], c[2])));

            ConfusionMatrix types = matrix(typeCells, tokenTypeOrder(typeCells));
            SortedMap<String, Score> relaxed = new TreeMap<>();
            for (int i = 0; i < types.rows().size(); i++) {
                String t = types.rows().get(i);
                if (t.equals(OUTSIDE)) {
                    continue;
                }
                long predicted = 0;
                for (int r = 0; r < types.rows().size(); r++) {
                    predicted += types.counts()[r][i];
                }
                relaxed.put(t, new Score(types.counts()[i][i], predicted, types.rowTotal(i)));
            }

            Map<SemEvalScheme, SemEvalCounts> semOverall = new EnumMap<>(SemEvalScheme.class);
            SortedMap<String, Map<SemEvalScheme, SemEvalCounts>> semTypes = new TreeMap<>();
            for (SemEvalScheme scheme : SemEvalScheme.values()) {
                semOverall.put(scheme, SemEvalCounts.ZERO);
            }
            semEval.forEach((type, byScheme) -> {
                Map<SemEvalScheme, SemEvalCounts> m = new EnumMap<>(SemEvalScheme.class);
                for (SemEvalScheme scheme : SemEvalScheme.values()) {
                    long[] c = byScheme.getOrDefault(scheme, new long[5]);
                    SemEvalCounts counts = new SemEvalCounts(c[0], c[1], c[2], c[3], c[4]);
                    m.put(scheme, counts);
                    semOverall.merge(scheme, counts, SemEvalCounts::plus);
                }
                semTypes.put(type, m);
            });

            TreeSet<String> entityTypes = new TreeSet<>(strict.keySet());
            List<String> rows = new ArrayList<>(entityTypes);
            rows.add(EntityConfusion.SPURIOUS);
            List<String> cols = new ArrayList<>(entityTypes);
            cols.add(EntityConfusion.MISSED);
            ConfusionMatrix entityMatrix = matrix(entityCells, rows, cols);
            Map<ErrorClass, Long> totals = new EnumMap<>(ErrorClass.class);
            for (ErrorClass c : ErrorClass.values()) {
                totals.put(c, 0L);
            }
            classes.values().forEach(m -> m.forEach((c, n) -> totals.merge(c, n, Long::sum)));

            return new EvaluationResult(settings, sentences, tokens, correctTags, EntityScores.of(strict),
                    EntityScores.of(relaxed), new SemEvalResult(semOverall, semTypes),
                    matrix(tagCells, tagOrder(tagCells)), types,
                    new EntityConfusion(entityMatrix, new TreeMap<>(classes), totals), matches, ci, null);
        }
    }

    private static int overlap(Span a, Span b) {
        return Math.max(0, Math.min(a.end(), b.end()) - Math.max(a.start(), b.start()));
    }

    private static void inc(Map<String, Map<String, long[]>> cells, String row, String col) {
        cells.computeIfAbsent(row, k -> new HashMap<>()).computeIfAbsent(col, k -> new long[1])[0]++;
    }

    private static Set<String> labels(Map<String, Map<String, long[]>> cells) {
        Set<String> all = new HashSet<>(cells.keySet());
        cells.values().forEach(m -> all.addAll(m.keySet()));
        return all;
    }

    /** O first, then the types alphabetically. */
    private static List<String> tokenTypeOrder(Map<String, Map<String, long[]>> cells) {
        TreeSet<String> sorted = new TreeSet<>(labels(cells));
        List<String> out = new ArrayList<>();
        if (sorted.remove(OUTSIDE)) {
            out.add(OUTSIDE);
        }
        out.addAll(sorted);
        return out;
    }

    /** O first, then grouped by type, B before I before E before S. */
    private static List<String> tagOrder(Map<String, Map<String, long[]>> cells) {
        List<String> tags = new ArrayList<>(labels(cells));
        Comparator<String> byType = Comparator.comparing(t -> t.equals(OUTSIDE) ? "" : t.substring(2));
        Comparator<String> byPrefix = Comparator.comparingInt(t -> "OBIES".indexOf(t.charAt(0)));
        tags.sort(byType.thenComparing(byPrefix).thenComparing(Comparator.naturalOrder()));
        return tags;
    }

    private static ConfusionMatrix matrix(Map<String, Map<String, long[]>> cells, List<String> labels) {
        return matrix(cells, labels, labels);
    }

    private static ConfusionMatrix matrix(Map<String, Map<String, long[]>> cells, List<String> rows,
                                          List<String> cols) {
        long[][] counts = new long[rows.size()][cols.size()];
        for (int r = 0; r < rows.size(); r++) {
            Map<String, long[]> row = cells.get(rows.get(r));
            if (row == null) {
                continue;
            }
            for (int c = 0; c < cols.size(); c++) {
                long[] v = row.get(cols.get(c));
                if (v != null) {
                    counts[r][c] = v[0];
                }
            }
        }
        return new ConfusionMatrix(rows, cols, counts);
    }
}
