package io.github.bertner.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CSV reports: one long table of scores ({@code group,type,precision,recall,f1,correct,incorrect,partial,
 * missed,spurious,predicted,gold}; the type {@code ALL} is the micro average, {@code MACRO} the unweighted
 * mean over types with only the three ratios filled; undefined ratios are {@code NaN})
 * and one file per confusion matrix (first column = gold label, header = predicted labels).
 *
 * <p>For the strict and relaxed groups, missed = gold - correct and spurious = predicted - correct, and
 * incorrect and partial are 0; for SemEval groups, predicted = ACTUAL and gold = POSSIBLE.
 */
public final class CsvReport {

    private static final String HEADER = "group,type,precision,recall,f1,correct,incorrect,partial,missed,spurious,"
            + "predicted,gold\n";

    private CsvReport() {
    }

    /**
     * Formats the scores table.
     *
     * @param r the result
     * @return CSV text
     */
    public static String scores(EvaluationResult r) {
        StringBuilder sb = new StringBuilder(HEADER);
        if (r.settings().metrics().contains(Metric.STRICT)) {
            scoreRows(sb, "strict", r.strict());
        }
        if (r.settings().metrics().contains(Metric.RELAXED)) {
            scoreRows(sb, "relaxed", r.relaxed());
        }
        if (r.settings().metrics().contains(Metric.SEMEVAL)) {
            for (SemEvalScheme s : SemEvalScheme.values()) {
                String group = "semeval-" + s.name().toLowerCase(Locale.ROOT);
                semRow(sb, group, "ALL", s, r.semEval().get(s));
                macroRow(sb, group, r.semEval().macro(s));
                r.semEval().perType().forEach((t, m) -> semRow(sb, group, t, s, m.get(s)));
            }
        }
        return sb.toString();
    }

    private static void scoreRows(StringBuilder sb, String group, EntityScores s) {
        scoreRow(sb, group, "ALL", s.micro());
        macroRow(sb, group, s.macro());
        s.perType().forEach((t, v) -> scoreRow(sb, group, t, v));
    }

    private static void macroRow(StringBuilder sb, String group, MacroAverage m) {
        sb.append(group).append(",MACRO,").append(m.precision()).append(',').append(m.recall()).append(',')
                .append(m.f1()).append(",,,,,,,\n");
    }

    private static void scoreRow(StringBuilder sb, String group, String type, Score s) {
        sb.append(group).append(',').append(cell(type)).append(',').append(s.precision()).append(',')
                .append(s.recall()).append(',').append(s.f1()).append(',').append(s.correct()).append(",0,0,")
                .append(s.gold() - s.correct()).append(',').append(s.predicted() - s.correct()).append(',')
                .append(s.predicted()).append(',').append(s.gold()).append('\n');
    }

    private static void semRow(StringBuilder sb, String group, String type, SemEvalScheme s, SemEvalCounts c) {
        sb.append(group).append(',').append(cell(type)).append(',').append(c.precision(s)).append(',')
                .append(c.recall(s)).append(',').append(c.f1(s)).append(',').append(c.correct()).append(',')
                .append(c.incorrect()).append(',').append(c.partial()).append(',').append(c.missed()).append(',')
                .append(c.spurious()).append(',').append(c.actual()).append(',').append(c.possible()).append('\n');
    }

    /**
     * Formats a confusion matrix.
     *
     * @param m the matrix
     * @return CSV text, first header cell {@code gold\predicted}
     */
    public static String matrix(ConfusionMatrix m) {
        StringBuilder sb = new StringBuilder("gold\\predicted");
        m.columns().forEach(c -> sb.append(',').append(cell(c)));
        sb.append('\n');
        for (int r = 0; r < m.rows().size(); r++) {
            sb.append(cell(m.rows().get(r)));
            for (long v : m.counts()[r]) {
                sb.append(',').append(v);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes text as UTF-8.
     *
     * @param text the text
     * @param file target
     * @throws IOException when writing fails
     */
    static void write(String text, Path file) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String cell(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
