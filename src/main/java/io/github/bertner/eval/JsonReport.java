package io.github.bertner.eval;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * JSON report: all numbers, the settings and the provenance.
 *
 * <p>Undefined metrics (NaN) are written as {@code null}. Ratios are fractions in [0, 1] (not percent).
 * Confusion matrices are {@code {"rows": [...gold], "columns": [...predicted], "counts": [[...], ...]}}.
 */
public final class JsonReport {

    private JsonReport() {
    }

    /**
     * Builds the JSON tree.
     *
     * @param r the result
     * @return the JSON object
     */
    public static JsonObject toJson(EvaluationResult r) {
        JsonObject root = new JsonObject();
        EvalSettings st = r.settings();
        JsonObject settings = new JsonObject();
        settings.addProperty("decoding", st.decoding().mode().name().toLowerCase(Locale.ROOT));
        settings.addProperty("scheme", st.decoding().scheme() == null ? null : st.decoding().scheme().name());
        JsonArray metrics = new JsonArray();
        st.metrics().forEach(m -> metrics.add(m.name().toLowerCase(Locale.ROOT)));
        settings.add("metrics", metrics);
        settings.addProperty("bootstrapSamples", st.bootstrapSamples());
        settings.addProperty("seed", st.seed());
        if (!st.types().isEmpty()) {
            JsonArray types = new JsonArray();
            st.types().forEach(types::add);
            settings.add("types", types);
        }
        root.add("settings", settings);
        JsonObject prov = new JsonObject();
        prov.addProperty("goldSource", st.provenance().goldSource());
        prov.addProperty("system", st.provenance().system());
        prov.addProperty("date", st.provenance().date());
        root.add("provenance", prov);
        JsonObject notes = new JsonObject();
        notes.addProperty("undefined", "metrics with a zero denominator are null (NaN)");
        notes.addProperty("units", "precision, recall, F1 and accuracy are fractions in [0, 1]");
        notes.addProperty("matrices", "rows = gold, columns = predicted");
        root.add("notes", notes);
        root.addProperty("sentences", r.sentences().size());
        root.addProperty("tokens", r.tokens());
        if (st.metrics().contains(Metric.STRICT)) {
            root.add("accuracy", num(r.accuracy()));
            root.addProperty("correctTags", r.correctTags());
            root.add("strict", scores(r.strict()));
        }
        if (st.metrics().contains(Metric.RELAXED)) {
            root.add("relaxed", scores(r.relaxed()));
        }
        if (st.metrics().contains(Metric.SEMEVAL)) {
            JsonObject sem = new JsonObject();
            sem.add("overall", semEval(r.semEval().overall()));
            JsonObject macro = new JsonObject();
            for (SemEvalScheme scheme : SemEvalScheme.values()) {
                macro.add(scheme.name().toLowerCase(Locale.ROOT), macro(r.semEval().macro(scheme)));
            }
            sem.add("macro", macro);
            JsonObject types = new JsonObject();
            r.semEval().perType().forEach((t, m) -> types.add(t, semEval(m)));
            sem.add("perType", types);
            root.add("semeval", sem);
        }
        if (st.metrics().contains(Metric.CONFUSION)) {
            JsonObject conf = new JsonObject();
            conf.add("tokenTags", matrix(r.tokenTags()));
            conf.add("tokenTypes", matrix(r.tokenTypes()));
            JsonObject ent = new JsonObject();
            ent.add("matrix", matrix(r.entityConfusion().matrix()));
            ent.add("totals", classes(r.entityConfusion().totals()));
            JsonObject byType = new JsonObject();
            r.entityConfusion().byType().forEach((t, m) -> byType.add(t, classes(m)));
            ent.add("byType", byType);
            conf.add("entities", ent);
            root.add("confusion", conf);
        }
        if (st.metrics().contains(Metric.ERRORS)) {
            root.addProperty("errors", r.errors().size());
        }
        ConfidenceInterval ci = r.strictF1Interval();
        if (ci != null) {
            JsonObject b = new JsonObject();
            b.add("strictF1", num(ci.estimate()));
            b.add("lower", num(ci.lower()));
            b.add("upper", num(ci.upper()));
            b.addProperty("level", ci.level());
            b.addProperty("samples", ci.samples());
            b.addProperty("seed", ci.seed());
            b.addProperty("unit", "sentence");
            root.add("bootstrap", b);
        }
        PairedTest t = r.pairedTest();
        if (t != null) {
            JsonObject p = new JsonObject();
            p.addProperty("otherSystem", t.otherSystem());
            p.add("strictF1", num(t.f1()));
            p.add("otherStrictF1", num(t.otherF1()));
            p.add("delta", num(t.delta()));
            p.add("pValue", num(t.pValue()));
            p.addProperty("samples", t.samples());
            p.addProperty("seed", t.seed());
            root.add("pairedTest", p);
        }
        return root;
    }

    /**
     * Writes the report as pretty-printed UTF-8 JSON.
     *
     * @param r the result
     * @param file target file
     * @throws IOException when writing fails
     */
    public static void write(EvaluationResult r, Path file) throws IOException {
        Files.writeString(file, new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(toJson(r)),
                StandardCharsets.UTF_8);
    }

    private static JsonElement num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? JsonNull.INSTANCE : new JsonPrimitive(v);
    }

    private static JsonObject score(Score s) {
        JsonObject o = new JsonObject();
        o.add("precision", num(s.precision()));
        o.add("recall", num(s.recall()));
        o.add("f1", num(s.f1()));
        o.addProperty("correct", s.correct());
        o.addProperty("predicted", s.predicted());
        o.addProperty("gold", s.gold());
        return o;
    }

    private static JsonObject macro(MacroAverage m) {
        JsonObject o = new JsonObject();
        o.add("precision", num(m.precision()));
        o.add("recall", num(m.recall()));
        o.add("f1", num(m.f1()));
        o.addProperty("types", m.types());
        return o;
    }

    private static JsonObject scores(EntityScores s) {
        JsonObject o = new JsonObject();
        o.add("micro", score(s.micro()));
        o.add("macro", macro(s.macro()));
        JsonObject types = new JsonObject();
        s.perType().forEach((t, v) -> types.add(t, score(v)));
        o.add("perType", types);
        return o;
    }

    private static JsonObject semEval(Map<SemEvalScheme, SemEvalCounts> m) {
        JsonObject o = new JsonObject();
        m.forEach((scheme, c) -> {
            JsonObject x = new JsonObject();
            x.addProperty("correct", c.correct());
            x.addProperty("incorrect", c.incorrect());
            x.addProperty("partial", c.partial());
            x.addProperty("missed", c.missed());
            x.addProperty("spurious", c.spurious());
            x.addProperty("possible", c.possible());
            x.addProperty("actual", c.actual());
            x.add("precision", num(c.precision(scheme)));
            x.add("recall", num(c.recall(scheme)));
            x.add("f1", num(c.f1(scheme)));
            o.add(scheme.name().toLowerCase(Locale.ROOT), x);
        });
        return o;
    }

    private static JsonObject classes(Map<ErrorClass, Long> m) {
        JsonObject o = new JsonObject();
        m.forEach((c, n) -> o.addProperty(c.name().toLowerCase(Locale.ROOT), n));
        return o;
    }

    private static JsonObject matrix(ConfusionMatrix m) {
        JsonObject o = new JsonObject();
        JsonArray rows = new JsonArray();
        m.rows().forEach(rows::add);
        JsonArray cols = new JsonArray();
        m.columns().forEach(cols::add);
        JsonArray counts = new JsonArray();
        for (long[] row : m.counts()) {
            JsonArray a = new JsonArray();
            for (long v : row) {
                a.add(v);
            }
            counts.add(a);
        }
        o.add("rows", rows);
        o.add("columns", cols);
        o.add("counts", counts);
        return o;
    }
}
