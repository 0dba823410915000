package io.github.bertner.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job on {@code local[2]}: its entities equal single-process tagging of the same texts with
 * the same model ({@link ReferenceTagging}), a broken document lands in the errors output with its
 * reason while all others are tagged, and the model is loaded once for the whole run.
 */
class SparkTagJobTest {

    private static SparkSession spark;
    @TempDir
    static Path tmp;
    private static Path model;

    @BeforeAll
    static void start() throws Exception {
        model = TestModels.write(tmp.resolve("model"), 24, 13);
        spark = SparkSession.builder().master("local[2]").appName("bertner-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        DocumentTagger.closeShared();
    }

    @Test
    void conllDocumentsAsJsonlEqualSingleProcessTaggingAndOneBrokenLineIsReported() throws Exception {
        Path testb = TestDocuments.conllTestb();
        assumeTrue(Files.isRegularFile(testb), "CoNLL-2003 not found at " + testb);
        List<TestDocuments.Doc> docs = TestDocuments.conll(testb, 200);
        ReferenceTagging.Result expected = ReferenceTagging.tag(model, docs);
        assertTrue(expected.entities().size() > 1000, "the random model should find many entities, found "
                + expected.entities().size());

        Gson gson = new Gson();
        List<String> lines = new ArrayList<>();
        String broken = "{\"id\": \"testb-broken\", \"text\": \"EU rejects German call";
        for (int i = 0; i < docs.size(); i++) {
            if (i == 100) {
                lines.add(broken);
            }
            JsonObject o = new JsonObject();
            o.addProperty("id", docs.get(i).id());
            o.addProperty("text", docs.get(i).text());
            o.addProperty("lang", "en");
            lines.add(gson.toJson(o));
        }
        Path input = tmp.resolve("conll.jsonl");
        Files.write(input, lines, StandardCharsets.UTF_8);
        Path out = tmp.resolve("conll-out");

        DocumentTagger.closeShared();
        int loadsBefore = DocumentTagger.loads();
        RunSummary summary = SparkTagJob.run(spark, TagJobConfig.builder(model.toString())
                .setInputs(InputFormat.JSONL, List.of(input.toString()))
                .setOutput(OutputFormat.JSONL, out.toString())
                .optThreadsPerTask(2)
                .build());
        assertEquals(1, DocumentTagger.loads() - loadsBefore, "one model load for the whole run in this JVM");

        assertEquals(expected.entities(), readEntities(out, "json"));
        List<Row> errors = spark.read().json(out.resolve(SparkTagJob.ERRORS).toString()).collectAsList();
        assertEquals(1, errors.size());
        Row error = errors.get(0);
        assertEquals("MALFORMED_RECORD", error.getAs("failure"));
        assertEquals("expected a JSON object with string fields id and text, found: " + broken, error.getAs("reason"));
        assertEquals("file:" + input.toAbsolutePath(), error.getAs("source"));

        assertEquals(201, summary.documents());
        assertEquals(200, summary.tagged());
        assertEquals(1, summary.failures());
        assertEquals(expected.tokens(), summary.tokens());
        assertEquals(expected.sentences(), summary.sentences());
        assertEquals(expected.perType(), summary.entitiesPerType());
        assertEquals(expected.entities().size(), summary.entities());
        assertEquals(Map.of("MALFORMED_RECORD", 1L), summary.failuresPerKind());
        JsonObject written = gson.fromJson(Files.readString(out.resolve(SparkTagJob.SUMMARY)), JsonObject.class);
        assertEquals(201, written.get("documents").getAsLong());
        assertEquals(expected.tokens(), written.get("tokens").getAsLong());
        assertEquals(expected.perType().get("PER"), written.getAsJsonObject("entitiesPerType").get("PER").getAsLong());
    }

    @Test
    void generatedTextFilesToParquetEqualSingleProcessTaggingAndAFileThatIsNotUtf8IsReported() throws Exception {
        List<TestDocuments.Doc> docs = TestDocuments.generated(30, 7);
        ReferenceTagging.Result expected = ReferenceTagging.tag(model, docs);
        assertTrue(expected.entities().size() > 100, "the random model should find entities, found "
                + expected.entities().size());
        Path in = Files.createDirectories(tmp.resolve("texts"));
        for (TestDocuments.Doc doc : docs) {
            Files.writeString(in.resolve(doc.id()), doc.text(), StandardCharsets.UTF_8);
        }
        // "Paris" then a lone 0xFF: never valid in UTF-8
        Files.write(in.resolve("latin1-broken"), new byte[] {'P', 'a', 'r', 'i', 's', (byte) 0xFF, ' ', 'x'});
        Path out = tmp.resolve("texts-out");

        RunSummary summary = SparkTagJob.run(spark, TagJobConfig.builder(model.toString())
                .setInputs(InputFormat.TEXT, List.of(in.toString()))
                .setOutput(OutputFormat.PARQUET, out.toString())
                .optPartitions(3)
                .build());

        assertEquals(expected.entities(), readEntities(out, "parquet"));
        List<Row> errors = spark.read().parquet(out.resolve(SparkTagJob.ERRORS).toString()).collectAsList();
        assertEquals(1, errors.size());
        assertEquals("latin1-broken", errors.get(0).getAs("doc_id"));
        assertEquals("INVALID_ENCODING", errors.get(0).getAs("failure"));
        assertEquals("expected UTF-8, found 1 invalid byte(s) at byte offset 5 (0xFF)", errors.get(0).getAs("reason"));
        assertEquals(31, summary.documents());
        assertEquals(1, summary.failures());
        assertEquals(expected.tokens(), summary.tokens());
        assertEquals(expected.perType(), summary.entitiesPerType());
        assertEquals(new TreeMap<>(Map.of("INVALID_ENCODING", 1L)), summary.failuresPerKind());
    }

    private static List<Entity> readEntities(Path out, String format) {
        List<Entity> entities = new ArrayList<>();
        for (Row r : spark.read().format(format).load(out.resolve(SparkTagJob.ENTITIES).toString()).collectAsList()) {
            entities.add(new Entity(r.getAs("doc_id"), ((Number) r.getAs("begin")).intValue(),
                    ((Number) r.getAs("end")).intValue(), r.getAs("type"), r.getAs("text"),
                    ((Number) r.getAs("confidence")).doubleValue()));
        }
        entities.sort(Entity.ORDER);
        return entities;
    }
}
