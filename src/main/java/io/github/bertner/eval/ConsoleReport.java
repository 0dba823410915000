package io.github.bertner.eval;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Plain-text report in conlleval.pl's layout (the CLI prints it; this class only formats).
 *
 * <p>The strict block reproduces conlleval's lines: {@code processed N tokens with G phrases; found: P phrases;
 * correct: C.}, then {@code accuracy / precision / recall / FB1} in percent with two decimals, then one line
 * per type ending in the number of predicted phrases. Unlike conlleval, undefined values print as {@code NaN}
 * instead of 0.00. The relaxed block follows in the same layout, then the other selected metrics.
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
                sb.append(f("accuracy: %6.2f%%; ", 100 * r.accuracy()));
                sb.append(prf(m)).append('\n');
            }
            perType(sb, r.strict());
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
        }
        if (metrics.contains(Metric.SEMEVAL)) {
            sb.append("SemEval-2013 9.1 (nervaluate):\n");
            sb.append(f("%-8s %6s %6s %6s %6s %6s %8s %8s %9s %9s %7s%n", "scheme", "COR", "INC", "PAR", "MIS",
                    "SPU", "POSSIBLE", "ACTUAL", "precision", "recall", "FB1"));
            for (SemEvalScheme s : SemEvalScheme.values()) {
                SemEvalCounts c = r.semEval().get(s);
                sb.append(f("%-8s %6d %6d %6d %6d %6d %8d %8d %8.2f%% %8.2f%% %7.2f%n",
                        s.name().toLowerCase(Locale.ROOT), c.correct(), c.incorrect(), c.partial(), c.missed(),
                        c.spurious(), c.possible(), c.actual(), 100 * c.precision(s), 100 * c.recall(s),
                        100 * c.f1(s)));
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

    private static String prf(Score s) {
        return f("precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f", 100 * s.precision(), 100 * s.recall(),
                100 * s.f1());
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args).replace("\r\n", "\n");
    }
}
