package io.github.bertner.eval;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * PNG pictures for the HTML report, drawn with XChart.
 */
public final class Charts {

    static {
        // reports are written on servers and in CI, which have no display
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {
    }

    /**
     * Grouped bars of precision, recall and F1 (percent) per type plus the micro average {@code ALL}.
     * Undefined (NaN) values are drawn as empty bars.
     *
     * @param scores the scores
     * @param title chart title
     * @return PNG bytes
     */
    public static byte[] scoreBars(EntityScores scores, String title) {
        List<String> types = new ArrayList<>(scores.perType().keySet());
        types.add("ALL");
        List<Double> p = new ArrayList<>();
        List<Double> r = new ArrayList<>();
        List<Double> f = new ArrayList<>();
        for (String t : types) {
            Score s = t.equals("ALL") ? scores.micro() : scores.type(t);
            p.add(pct(s.precision()));
            r.add(pct(s.recall()));
            f.add(pct(s.f1()));
        }
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(500, 110 * types.size())).height(380)
                .title(title).xAxisTitle("type").yAxisTitle("%").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setSeriesColors(new Color[] {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868)});
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.addSeries("precision", types, p);
        chart.addSeries("recall", types, r);
        chart.addSeries("F1", types, f);
        return png(chart);
    }

    /**
     * Heat map of a confusion matrix, coloured and labelled by row-normalised percent (rows = gold at the
     * left, top to bottom; columns = predicted).
     *
     * @param m the matrix
     * @param title chart title
     * @return PNG bytes
     */
    public static byte[] heatMap(ConfusionMatrix m, String title) {
        int rows = m.rows().size();
        int cols = m.columns().size();
        List<String> y = new ArrayList<>();
        for (int r = rows - 1; r >= 0; r--) {
            y.add(m.rows().get(r));
        }
        List<Number[]> heat = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            long total = m.rowTotal(r);
            for (int c = 0; c < cols; c++) {
                double v = total == 0 ? 0 : Math.round(1000.0 * m.counts()[r][c] / total) / 10.0;
                heat.add(new Number[] {c, rows - 1 - r, v});
            }
        }
        int cell = cols > 12 ? 48 : 70;
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(520, 220 + cell * cols))
                .height(Math.max(420, 170 + cell * rows)).title(title)
                .xAxisTitle("predicted").yAxisTitle("gold").build();
        chart.getStyler().setShowValue(true).setMin(0).setMax(100).setHeatMapValueDecimalPattern("0.#")
                .setRangeColors(new Color[] {new Color(0xF7FBFF), new Color(0x9ECAE1), new Color(0x3182BD)})
                .setValueFontColor(Color.BLACK);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(true);
        chart.addSeries("row %", m.columns(), y, heat);
        return png(chart);
    }

    private static double pct(double v) {
        return Double.isNaN(v) ? 0 : 100 * v;
    }

    private static byte[] png(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode chart '" + chart.getTitle() + "' as PNG", e);
        }
    }
}
