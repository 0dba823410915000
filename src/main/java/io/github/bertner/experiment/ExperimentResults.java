package io.github.bertner.experiment;

import io.github.bertner.eval.Bootstrap;
import io.github.bertner.eval.ConfidenceInterval;
import io.github.bertner.eval.Score;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * An experiment's results aggregated per grid setting over its seeds and folds: mean and standard
 * deviation of every score, the pooled strict F1 with a sentence bootstrap interval, and the best setting.
 *
 * <p>Pooling: the strict counts of all of a setting's runs are summed per gold sentence (a sentence that
 * several seeds scored counts once, with their summed counts; under cross-validation each held-out
 * sentence is scored by one run), and the interval resamples those sentences. It therefore reflects the
 * uncertainty from the finite test data; the standard deviation over runs reflects seed and fold variation.
 *
 * @param spec      the spec
 * @param testSets  test set names in table order ({@value ExperimentSpec#HELD_OUT} first under cross-validation)
 * @param settings  one summary per grid setting, in grid order
 * @param selection what chose the best setting: {@value ExperimentSpec#DEV} or a test set name
 * @param best      index of the best setting in {@code settings}, -1 when no setting has a defined score
 */
public record ExperimentResults(ExperimentSpec spec, List<String> testSets, List<SettingSummary> settings,
                                String selection, int best) {

    /** Copies the lists. */
    public ExperimentResults {
        testSets = List.copyOf(testSets);
        settings = List.copyOf(settings);
    }

    /**
     * Mean and sample standard deviation of the defined (non-NaN) values.
     *
     * @param mean mean, NaN without values
     * @param sd   sample standard deviation (n - 1), NaN with fewer than two values
     * @param n    number of defined values
     */
    public record Stat(double mean, double sd, int n) {

        /**
         * Computes the statistic.
         *
         * @param values values; NaN ones are left out
         * @return the statistic
         */
        public static Stat of(List<Double> values) {
            List<Double> v = values.stream().filter(d -> !Double.isNaN(d)).toList();
            if (v.isEmpty()) {
                return new Stat(Double.NaN, Double.NaN, 0);
            }
            double mean = 0;
            for (double d : v) {
                mean += d;
            }
            mean /= v.size();
            if (v.size() < 2) {
                return new Stat(mean, Double.NaN, 1);
            }
            double ss = 0;
            for (double d : v) {
                ss += (d - mean) * (d - mean);
            }
            return new Stat(mean, Math.sqrt(ss / (v.size() - 1)), v.size());
        }
    }

    /**
     * The scores of one setting on one test set.
     *
     * @param strictF1        strict micro F1 over runs
     * @param precision       strict micro precision over runs
     * @param recall          strict micro recall over runs
     * @param relaxedF1       relaxed micro F1 over runs
     * @param perTypeF1       strict F1 per type over runs
     * @param pooled          strict counts summed over runs
     * @param pooledInterval  95% sentence-bootstrap interval of the pooled strict F1
     */
    public record SetSummary(Stat strictF1, Stat precision, Stat recall, Stat relaxedF1,
                             SortedMap<String, Stat> perTypeF1, Score pooled, ConfidenceInterval pooledInterval) {

        /** Copies the map. */
        public SetSummary {
            perTypeF1 = Collections.unmodifiableSortedMap(new TreeMap<>(perTypeF1));
        }
    }

    /**
     * One grid setting and its runs.
     *
     * @param setting 0-based index
     * @param label   grid values, for example {@code lr=1e-3}
     * @param values  parameter values as given (fixed and grid)
     * @param runs    its finished runs (seeds x folds)
     * @param dev     best dev strict F1 over runs
     * @param tests   scores by test set
     */
    public record SettingSummary(int setting, String label, Map<Parameter, String> values, List<RunResult> runs,
                                 Stat dev, Map<String, SetSummary> tests) {

        /** Copies the collections. */
        public SettingSummary {
            values = Map.copyOf(values);
            runs = List.copyOf(runs);
            tests = Collections.unmodifiableMap(new LinkedHashMap<>(tests));
        }
    }

    /**
     * Aggregates finished runs.
     *
     * @param spec     the spec
     * @param testSets test set names in table order
     * @param runs     every run, in plan order
     * @return the results
     */
    public static ExperimentResults of(ExperimentSpec spec, List<String> testSets, List<RunResult> runs) {
        Map<Integer, List<RunResult>> bySetting = new TreeMap<>();
        for (RunResult r : runs) {
            bySetting.computeIfAbsent(r.plan().setting(), k -> new ArrayList<>()).add(r);
        }
        List<SettingSummary> settings = new ArrayList<>();
        for (Map.Entry<Integer, List<RunResult>> e : bySetting.entrySet()) {
            List<RunResult> rs = e.getValue();
            Map<String, SetSummary> tests = new LinkedHashMap<>();
            for (String set : testSets) {
                tests.put(set, summarize(spec, set, rs));
            }
            RunPlan first = rs.get(0).plan();
            settings.add(new SettingSummary(e.getKey(), first.label(), first.values(), rs,
                    stat(rs, RunResult::devScore), tests));
        }
        String selection = spec.selection();
        int best = -1;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < settings.size(); i++) {
            SettingSummary s = settings.get(i);
            double v = selection.equals(ExperimentSpec.DEV) ? s.dev().mean() : s.tests().get(selection).strictF1().mean();
            // ties keep the earlier setting, so the choice does not depend on floating-point noise order
            if (!Double.isNaN(v) && v > bestValue) {
                bestValue = v;
                best = i;
            }
        }
        return new ExperimentResults(spec, testSets, settings, selection, best);
    }

    private static SetSummary summarize(ExperimentSpec spec, String set, List<RunResult> rs) {
        List<TestScores> scores = rs.stream().map(r -> r.tests().get(set)).toList();
        TreeSet<String> types = new TreeSet<>();
        scores.forEach(t -> types.addAll(t.perType().keySet()));
        SortedMap<String, Stat> perType = new TreeMap<>();
        for (String type : types) {
            perType.put(type, Stat.of(scores.stream().map(t -> t.perType().getOrDefault(type, Score.ZERO).f1()).toList()));
        }
        Map<String, long[]> pooledSentences = new LinkedHashMap<>();
        Score pooled = Score.ZERO;
        for (TestScores t : scores) {
            pooled = pooled.plus(t.strict());
            t.sentences().forEach((k, c) -> {
                long[] sum = pooledSentences.computeIfAbsent(k, x -> new long[3]);
                for (int i = 0; i < 3; i++) {
                    sum[i] += c[i];
                }
            });
        }
        ConfidenceInterval ci = Bootstrap.f1Interval(pooledSentences.values().toArray(long[][]::new),
                spec.bootstrapSamples(), Bootstrap.DEFAULT_SEED, 0.95);
        return new SetSummary(statOf(scores, t -> t.strict().f1()), statOf(scores, t -> t.strict().precision()),
                statOf(scores, t -> t.strict().recall()), statOf(scores, t -> t.relaxed().f1()), perType, pooled, ci);
    }

    private static Stat statOf(List<TestScores> scores, ToDoubleFunction<TestScores> f) {
        return Stat.of(scores.stream().map(f::applyAsDouble).toList());
    }

    private static Stat stat(List<RunResult> rs, ToDoubleFunction<RunResult> f) {
        return Stat.of(rs.stream().map(f::applyAsDouble).toList());
    }
}
