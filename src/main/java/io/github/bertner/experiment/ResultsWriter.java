package io.github.bertner.experiment;

import io.github.bertner.experiment.ExperimentResults.SetSummary;
import io.github.bertner.experiment.ExperimentResults.SettingSummary;
import io.github.bertner.experiment.ExperimentResults.Stat;
import io.github.bertner.eval.ConfidenceInterval;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes an experiment's results folder: {@value #MARKDOWN}, {@value #HTML} (the same tables) and
 * {@value #CSV} (one row per setting, test set and metric, fractions in [0, 1]), {@value #RUNS_CSV} (one row
 * per run and test set, the numbers of the runs' own reports), and {@value #CHART} (mean strict F1 per
 * setting with standard-deviation error bars, one series per test set).
 */
public final class ResultsWriter {

    /** Markdown tables. */
    public static final String MARKDOWN = "results.md";
    /** HTML tables with the chart. */
    public static final String HTML = "results.html";
    /** Aggregated numbers, one per row. */
    public static final String CSV = "results.csv";
    /** Per-run numbers. */
    public static final String RUNS_CSV = "runs.csv";
    /** Chart with error bars. */
    public static final String CHART = "chart.png";

    static {
        // results are written on servers and in CI, which have no display
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ResultsWriter() {
    }

    /**
     * Writes every file.
     *
     * @param r   the results
     * @param dir target folder, created when missing
     * @throws IOException when a file cannot be written
     */
    public static void writeAll(ExperimentResults r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKDOWN), markdown(r), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(HTML), html(r), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(CSV), csv(r), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(RUNS_CSV), runsCsv(r), StandardCharsets.UTF_8);
        Files.write(dir.resolve(CHART), chart(r));
    }

    /** A table as header and rows of cell texts, rendered as markdown or HTML. */
    private record Table(String title, List<String> header, List<List<String>> rows) {
    }

    private static List<Table> tables(ExperimentResults r) {
        List<Table> tables = new ArrayList<>();
        boolean dev = r.settings().stream().anyMatch(s -> s.dev().n() > 0);
        for (String set : r.testSets()) {
            TreeSet<String> types = new TreeSet<>();
            r.settings().forEach(s -> types.addAll(s.tests().get(set).perTypeF1().keySet()));
            List<String> header = new ArrayList<>(List.of("#", "setting", "runs", "strict F1",
                    "pooled strict F1 [95% CI]", "precision", "recall", "relaxed F1"));
            types.forEach(t -> header.add(t + " F1"));
            if (dev) {
                header.add("dev F1");
            }
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < r.settings().size(); i++) {
                SettingSummary s = r.settings().get(i);
                SetSummary t = s.tests().get(set);
                List<String> row = new ArrayList<>();
                row.add((s.setting() + 1) + (i == r.best() ? " (best)" : ""));
                row.add(s.label());
                row.add(Integer.toString(s.runs().size()));
                row.add(meanSd(t.strictF1()));
                row.add(interval(t.pooledInterval()));
                row.add(meanSd(t.precision()));
                row.add(meanSd(t.recall()));
                row.add(meanSd(t.relaxedF1()));
                for (String type : types) {
                    Stat st = t.perTypeF1().get(type);
                    row.add(st == null ? "–" : meanSd(st));
                }
                if (dev) {
                    row.add(meanSd(s.dev()));
                }
                rows.add(row);
            }
            tables.add(new Table(set, header, rows));
        }
        return tables;
    }

    private static String intro(ExperimentResults r) {
        ExperimentSpec spec = r.spec();
        int runs = r.settings().stream().mapToInt(s -> s.runs().size()).sum();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d runs: %d setting(s) × %d seed(s)%s. ", runs, r.settings().size(),
                spec.seeds().size(), spec.folds() > 0 ? " × " + spec.folds() + " folds over the training documents" : ""));
        sb.append("Scores in %: mean ± sample standard deviation over a setting's runs (seeds")
                .append(spec.folds() > 0 ? " and folds" : "").append("); pooled strict F1 is computed from the runs' "
                        + "summed counts, with a 95% sentence-bootstrap interval (")
                .append(spec.bootstrapSamples()).append(" samples). Strict = conlleval (exact span and type), "
                        + "relaxed = token-level.");
        return sb.toString();
    }

    private static String bestLine(ExperimentResults r) {
        if (r.best() < 0) {
            return "No setting has a defined score on " + r.selection() + ".";
        }
        SettingSummary b = r.settings().get(r.best());
        String by = r.selection().equals(ExperimentSpec.DEV) ? "mean dev strict F1 " + meanSd(b.dev())
                : "mean strict F1 on " + r.selection() + " " + meanSd(b.tests().get(r.selection()).strictF1());
        String warn = !r.selection().equals(ExperimentSpec.DEV) && !r.selection().equals(ExperimentSpec.HELD_OUT)
                ? " (chosen on a test set: there is neither dev data nor cross-validation, so its score on that set "
                        + "is optimistic)" : "";
        return "Best setting: " + (b.setting() + 1) + " (" + b.label() + "), by " + by + warn + ".";
    }

    static String markdown(ExperimentResults r) {
        StringBuilder sb = new StringBuilder("# Experiment ").append(r.spec().name()).append("\n\n");
        sb.append(intro(r)).append("\n\n").append(bestLine(r)).append("\n");
        for (Table t : tables(r)) {
            sb.append("\n## ").append(t.title()).append("\n\n");
            sb.append("| ").append(String.join(" | ", t.header())).append(" |\n|");
            t.header().forEach(h -> sb.append("---|"));
            sb.append('\n');
            for (List<String> row : t.rows()) {
                sb.append("| ").append(String.join(" | ", row.stream().map(c -> c.replace("|", "\\|")).toList()))
                        .append(" |\n");
            }
        }
        sb.append("\n![strict F1 per setting](").append(CHART).append(")\n");
        return sb.toString();
    }

    static String html(ExperimentResults r) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Experiment ")
                .append(esc(r.spec().name())).append("</title>\n<style>body{font-family:sans-serif}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
                        + "td:nth-child(2){text-align:left}</style></head><body>\n");
        sb.append("<h1>Experiment ").append(esc(r.spec().name())).append("</h1>\n<p>").append(esc(intro(r)))
                .append("</p>\n<p><b>").append(esc(bestLine(r))).append("</b></p>\n");
        for (Table t : tables(r)) {
            sb.append("<h2>").append(esc(t.title())).append("</h2>\n<table><thead><tr>");
            t.header().forEach(h -> sb.append("<th>").append(esc(h)).append("</th>"));
            sb.append("</tr></thead><tbody>\n");
            for (List<String> row : t.rows()) {
                sb.append("<tr>");
                row.forEach(c -> sb.append("<td>").append(esc(c)).append("</td>"));
                sb.append("</tr>\n");
            }
            sb.append("</tbody></table>\n");
        }
        sb.append("<p><img src=\"").append(CHART).append("\" alt=\"strict F1 per setting\"></p>\n</body></html>\n");
        return sb.toString();
    }

    static String csv(ExperimentResults r) {
        StringBuilder sb = new StringBuilder("test_set,setting,label,runs,metric,mean,sd,ci_lower,ci_upper\n");
        for (SettingSummary s : r.settings()) {
            if (s.dev().n() > 0) {
                row(sb, "dev", s, "strict_f1", s.dev(), null);
            }
            for (Map.Entry<String, SetSummary> e : s.tests().entrySet()) {
                SetSummary t = e.getValue();
                row(sb, e.getKey(), s, "strict_f1", t.strictF1(), null);
                row(sb, e.getKey(), s, "strict_precision", t.precision(), null);
                row(sb, e.getKey(), s, "strict_recall", t.recall(), null);
                row(sb, e.getKey(), s, "relaxed_f1", t.relaxedF1(), null);
                ConfidenceInterval ci = t.pooledInterval();
                row(sb, e.getKey(), s, "pooled_strict_f1", new Stat(ci.estimate(), Double.NaN, s.runs().size()), ci);
                t.perTypeF1().forEach((type, st) -> row(sb, e.getKey(), s, "strict_f1:" + type, st, null));
            }
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String set, SettingSummary s, String metric, Stat st, ConfidenceInterval ci) {
        sb.append(cell(set)).append(',').append(s.setting() + 1).append(',').append(cell(s.label())).append(',')
                .append(st.n()).append(',').append(cell(metric)).append(',').append(num(st.mean())).append(',')
                .append(num(st.sd())).append(',').append(ci == null ? "" : num(ci.lower())).append(',')
                .append(ci == null ? "" : num(ci.upper())).append('\n');
    }

    static String runsCsv(ExperimentResults r) {
        StringBuilder sb = new StringBuilder("run,setting,label,seed,fold,test_set,strict_f1,strict_precision,"
                + "strict_recall,relaxed_f1,correct,predicted,gold,ci_lower,ci_upper,dev_f1,steps,seconds\n");
        for (SettingSummary s : r.settings()) {
            for (RunResult run : s.runs()) {
                for (Map.Entry<String, TestScores> e : run.tests().entrySet()) {
                    TestScores t = e.getValue();
                    sb.append(cell(run.plan().id())).append(',').append(s.setting() + 1).append(',')
                            .append(cell(s.label())).append(',').append(run.plan().seed()).append(',')
                            .append(run.plan().fold() < 0 ? "" : Integer.toString(run.plan().fold() + 1)).append(',')
                            .append(cell(e.getKey())).append(',').append(num(t.strict().f1())).append(',')
                            .append(num(t.strict().precision())).append(',').append(num(t.strict().recall())).append(',')
                            .append(num(t.relaxed().f1())).append(',').append(t.strict().correct()).append(',')
                            .append(t.strict().predicted()).append(',').append(t.strict().gold()).append(',')
                            .append(num(t.ciLower())).append(',').append(num(t.ciUpper())).append(',')
                            .append(num(run.devScore())).append(',').append(run.steps()).append(',')
                            .append(String.format(Locale.ROOT, "%.1f", run.seconds())).append('\n');
                }
            }
        }
        return sb.toString();
    }

    static byte[] chart(ExperimentResults r) throws IOException {
        List<String> x = new ArrayList<>();
        for (SettingSummary s : r.settings()) {
            x.add((s.setting() + 1) + ": " + s.label());
        }
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(600, 160 * x.size() * Math.max(1, r.testSets().size())))
                .height(450).title("Experiment " + r.spec().name() + ": strict F1 (mean ± sd over runs)")
                .xAxisTitle("setting").yAxisTitle("strict F1 %").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setErrorBarsColor(Color.BLACK);
        chart.getStyler().setSeriesColors(new Color[] {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868),
            new Color(0xC44E52), new Color(0x8172B3), new Color(0x937860)});
        for (String set : r.testSets()) {
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (SettingSummary s : r.settings()) {
                Stat st = s.tests().get(set).strictF1();
                y.add(Double.isNaN(st.mean()) ? 0 : 100 * st.mean());
                err.add(Double.isNaN(st.sd()) ? 0 : 100 * st.sd());
            }
            chart.addSeries(set, x, y, err);
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /** Percent with two decimals and the standard deviation when there are at least two runs. */
    static String meanSd(Stat s) {
        if (s.n() == 0) {
            return "–";
        }
        return s.n() < 2 ? pct(s.mean()) : pct(s.mean()) + " ± " + pct(s.sd());
    }

    private static String interval(ConfidenceInterval ci) {
        return pct(ci.estimate()) + " [" + pct(ci.lower()) + ", " + pct(ci.upper()) + "]";
    }

    /**
     * A fraction as percent with two decimals, as the tables show it.
     *
     * @param v fraction in [0, 1] or NaN
     * @return for example {@code 54.17}, or {@code –} for NaN
     */
    public static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", 100 * v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String cell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
