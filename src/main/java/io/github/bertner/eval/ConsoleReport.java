package io.github.bertner.eval;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Plain-text report in conlleval.pl's layout (the CLI prints it; this class only formats).
 *
 * <p>The strict block reproduces conlleval's lines: {@code processed N tokens with G phrases; found: P phrases;
 * correct: C.}, then {@code accuracy / precision / recall / FB1} in percent with two decimals, then one line
 * per type ending in the number of predicted phrases. As in conlleval, a ratio with a zero denominator prints
 * as 0.00 (the JSON report keeps it undefined, and the evaluator logs a warning). With {@code --metrics strict}
 * that block is all that is printed, byte for byte what conlleval prints. With more metrics, the macro
 * averages over types follow each block, then the relaxed block in the same layout, then the others.
 */
public final class ConsoleReport {

    private ConsoleReport() {
    }

    /**
     * Formats a result.
     *
     * @param r the result
     * @return the text, lines separated by {@code \n}
     */
    public static String format(EvaluationResult r) {
        StringBuilder sb = new StringBuilder();
        Set<Metric> metrics = r.settings().metrics();
        if (metrics.contains(Metric.STRICT)) {
            Score m = r.strict().micro();
            sb.append("processed ").append(r.tokens()).append(" tokens with ").append(m.gold())
                    .append(" phrases; found: ").append(m.predicted()).append(" phrases; correct: ")
                    .append(m.correct()).append(".\n");
            if (r.tokens() > 0) {
                sb.append(f("accuracy: %6.2f%%; ", pct(r.accuracy())));
                sb.append(prf(m)).append('\n');
            }
            perType(sb, r.strict());
            if (metrics.size() > 1) {
                macro(sb, r.strict().macro());
            }
            if (r.strictF1Interval() != null) {
                ConfidenceInterval ci = r.strictF1Interval();
                sb.append(f("FB1 %.0f%% bootstrap interval: [%.2f, %.2f] (%d samples over sentences, seed %d)%n",
                        100 * ci.level(), 100 * ci.lower(), 100 * ci.upper(), ci.samples(), ci.seed()));
            }
        }
        if (metrics.contains(Metric.RELAXED)) {
            Score m = r.relaxed().micro();
            sb.append("relaxed (entity tokens, boundaries ignored): gold tokens: ").append(m.gold())
                    .append("; predicted: ").append(m.predicted()).append("; correct: ").append(m.correct())
                    .append(".\n");
            sb.append(prf(m)).append('\n');
            perType(sb, r.relaxed());
            macro(sb, r.relaxed().macro());
        }
        if (metrics.contains(Metric.SEMEVAL)) {
            sb.append("SemEval-2013 9.1 (nervaluate):\n");
            sb.append(f("%-8s %6s %6s %6s %6s %6s %8s %8s %9s %9s %7s%n", "scheme", "COR", "INC", "PAR", "MIS",
                    "SPU", "POSSIBLE", "ACTUAL", "precision", "recall", "FB1"));
            for (SemEvalScheme s : SemEvalScheme.values()) {
                SemEvalCounts c = r.semEval().get(s);
                sb.append(f("%-8s %6d %6d %6d %6d %6d %8d %8d %8.2f%% %8.2f%% %7.2f%n",
                        s.name().toLowerCase(Locale.ROOT), c.correct(), c.incorrect(), c.partial(), c.missed(),
                        c.spurious(), c.possible(), c.actual(), pct(c.precision(s)), pct(c.recall(s)),
                        pct(c.f1(s))));
            }
            for (SemEvalScheme s : SemEvalScheme.values()) {
                MacroAverage m = r.semEval().macro(s);
                sb.append(f("%-8s %-54s %8.2f%% %8.2f%% %7.2f%n", s.name().toLowerCase(Locale.ROOT),
                        "macro average over " + m.types() + " type(s)", pct(m.precision()), pct(m.recall()),
                        pct(m.f1())));
            }
        }
        if (metrics.contains(Metric.CONFUSION)) {
            sb.append("entity outcomes:");
            for (Map.Entry<ErrorClass, Long> e : r.entityConfusion().totals().entrySet()) {
                sb.append(' ').append(e.getKey().name().toLowerCase(Locale.ROOT)).append('=').append(e.getValue());
            }
            sb.append('\n');
        }
        if (r.pairedTest() != null) {
            PairedTest t = r.pairedTest();
            sb.append(f("paired bootstrap vs %s: FB1 %.2f vs %.2f, difference %+.2f, p = %.4f (%d samples, seed %d)%n",
                    t.otherSystem(), 100 * t.f1(), 100 * t.otherF1(), 100 * t.delta(), t.pValue(), t.samples(),
                    t.seed()));
        }
        return sb.toString();
    }

    private static void perType(StringBuilder sb, EntityScores scores) {
        scores.perType().forEach((type, s) -> sb.append(f("%17s: ", type)).append(prf(s))
                .append(f("  %d%n", s.predicted())));
    }

    private static void macro(StringBuilder sb, MacroAverage m) {
        sb.append(f("%17s: ", "macro (" + m.types() + " types)")).append(f(
                "precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f%n", pct(m.precision()), pct(m.recall()), pct(m.f1())));
    }

    private static String prf(Score s) {
        return f("precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f", pct(s.precision()), pct(s.recall()),
                pct(s.f1()));
    }

    /** Percent as conlleval prints it: 0 where the ratio is undefined. */
    private static double pct(double v) {
        return Double.isNaN(v) ? 0 : 100 * v;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args).replace("\r\n", "\n");
    }
}
