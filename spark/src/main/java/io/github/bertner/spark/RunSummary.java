package io.github.bertner.spark;

import com.google.gson.GsonBuilder;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Totals of one run of {@link SparkTagJob}, written as {@code summary.json} next to the outputs.
 *
 * @param documents        input records read (tagged plus failed)
 * @param tagged           documents tagged
 * @param failures         documents written to the errors output
 * @param tokens           tokens of the tagged documents
 * @param sentences        sentences of the tagged documents
 * @param entities         entities found
 * @param entitiesPerType  entities per type, by type name
 * @param failuresPerKind  failed documents per {@link FailureKind} name
 * @param seconds          wall-clock seconds of the run, reading to the last write
 */
public record RunSummary(long documents, long tagged, long failures, long tokens, long sentences, long entities,
                         SortedMap<String, Long> entitiesPerType, SortedMap<String, Long> failuresPerKind,
                         double seconds) {

    /** Copies the maps. */
    public RunSummary {
        entitiesPerType = new TreeMap<>(entitiesPerType);
        failuresPerKind = new TreeMap<>(failuresPerKind);
    }

    /** @return tokens of the tagged documents per wall-clock second */
    public double tokensPerSecond() {
        return tokens / Math.max(seconds, 1e-9);
    }

    /** @return the summary as a JSON object (all components plus {@code tokensPerSecond}) */
    public String toJson() {
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("documents", documents);
        json.put("tagged", tagged);
        json.put("failures", failures);
        json.put("tokens", tokens);
        json.put("sentences", sentences);
        json.put("entities", entities);
        json.put("entitiesPerType", entitiesPerType);
        json.put("failuresPerKind", failuresPerKind);
        json.put("seconds", seconds);
        json.put("tokensPerSecond", tokensPerSecond());
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json) + "\n";
    }
}
