package io.github.bertner.eval;

import io.github.bertner.tagging.Span;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lists every entity error with its sentence, gold and predicted entities marked, as TSV and HTML.
 *
 * <p>Rows are sorted by class, gold type, predicted type and position. In the TSV, entities are marked as
 * {@code [United States of America]LOC}; in the HTML, the entities involved in the error are highlighted and
 * every column header sorts the table.
 */
public final class ErrorReport {

    private ErrorReport() {
    }

    /**
     * The errors in report order.
     *
     * @param r the result
     * @return errors sorted by class, gold type, predicted type, sentence and position
     */
    public static List<EntityMatch> sorted(EvaluationResult r) {
        List<EntityMatch> errors = new ArrayList<>(r.errors());
        errors.sort(Comparator.comparing(EntityMatch::errorClass)
                .thenComparing(EntityMatch::goldType)
                .thenComparing(EntityMatch::predictedType)
                .thenComparingInt(EntityMatch::sentence)
                .thenComparingInt(m -> (m.gold() != null ? m.gold() : m.predicted()).start()));
        return errors;
    }

    /**
     * TSV with header {@code class gold_type pred_type sentence gold_text pred_text gold_marked pred_marked}.
     *
     * @param r the result
     * @return TSV text (tabs and newlines inside tokens replaced by spaces)
     */
    public static String tsv(EvaluationResult r) {
        StringBuilder sb = new StringBuilder(
                "class\tgold_type\tpred_type\tsentence\tgold_text\tpred_text\tgold_marked\tpred_marked\n");
        for (EntityMatch m : sorted(r)) {
            EvalSentence s = r.sentences().get(m.sentence());
            List<Span> gold = r.settings().decoding().decode(s.gold());
            List<Span> pred = r.settings().decoding().decode(s.pred());
            sb.append(m.errorClass().name().toLowerCase(java.util.Locale.ROOT)).append('\t')
                    .append(m.goldType()).append('\t').append(m.predictedType()).append('\t')
                    .append(clean(s.id())).append('\t')
                    .append(text(s, m.gold())).append('\t').append(text(s, m.predicted())).append('\t')
                    .append(marked(s, gold)).append('\t').append(marked(s, pred)).append('\n');
        }
        return sb.toString();
    }

    /**
     * A standalone HTML page with a sortable table of the errors.
     *
     * @param r the result
     * @return HTML text
     */
    public static String html(EvaluationResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>NER errors</title>\n")
                .append("<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}th{cursor:pointer;")
                .append("background:#eee}.e{padding:0 2px;border-radius:3px;background:#dde}")
                .append(".hit{background:#fc6;font-weight:bold}sub{font-size:70%;color:#555}</style></head><body>\n")
                .append("<h1>Entity errors (").append(r.errors().size()).append(")</h1>\n<p>Gold: ")
                .append(Html.esc(r.settings().provenance().goldSource())).append("; system: ")
                .append(Html.esc(r.settings().provenance().system()))
                .append(". Click a column header to sort. Highlighted: the entities of the error.</p>\n")
                .append("<table id=\"t\"><thead><tr><th>#</th><th>class</th><th>gold type</th><th>pred type</th>")
                .append("<th>sentence</th><th>gold</th><th>predicted</th></tr></thead><tbody>\n");
        int n = 0;
        for (EntityMatch m : sorted(r)) {
            EvalSentence s = r.sentences().get(m.sentence());
            List<Span> gold = r.settings().decoding().decode(s.gold());
            List<Span> pred = r.settings().decoding().decode(s.pred());
            sb.append("<tr><td>").append(++n).append("</td><td>")
                    .append(m.errorClass().name().toLowerCase(java.util.Locale.ROOT)).append("</td><td>")
                    .append(Html.esc(m.goldType())).append("</td><td>").append(Html.esc(m.predictedType()))
                    .append("</td><td>").append(Html.esc(s.id())).append("</td><td>")
                    .append(markedHtml(s, gold, m.gold())).append("</td><td>")
                    .append(markedHtml(s, pred, m.predicted())).append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n").append(Html.SORT_SCRIPT).append("</body></html>\n");
        return sb.toString();
    }

    private static String text(EvalSentence s, Span span) {
        if (span == null) {
            return "";
        }
        return clean(String.join(" ", s.tokens().subList(span.start(), span.end())));
    }

    static String marked(EvalSentence s, List<Span> spans) {
        StringBuilder sb = new StringBuilder();
        int k = 0;
        for (int i = 0; i < s.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            if (k < spans.size() && spans.get(k).start() == i) {
                sb.append('[');
            }
            sb.append(clean(s.tokens().get(i)));
            if (k < spans.size() && spans.get(k).end() == i + 1) {
                sb.append(']').append(spans.get(k).type());
                k++;
            }
        }
        return sb.toString();
    }

    private static String markedHtml(EvalSentence s, List<Span> spans, Span hit) {
        StringBuilder sb = new StringBuilder();
        int k = 0;
        for (int i = 0; i < s.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            if (k < spans.size() && spans.get(k).start() == i) {
                sb.append(spans.get(k).equals(hit) ? "<span class=\"e hit\">" : "<span class=\"e\">");
            }
            sb.append(Html.esc(s.tokens().get(i)));
            if (k < spans.size() && spans.get(k).end() == i + 1) {
                sb.append("<sub>").append(Html.esc(spans.get(k).type())).append("</sub></span>");
                k++;
            }
        }
        return sb.toString();
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
