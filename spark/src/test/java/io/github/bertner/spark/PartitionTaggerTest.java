package io.github.bertner.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bertner.tagging.Decoding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/** The partition function without a Spark cluster: failure rows, and the same rows with 1 and 3 threads. */
class PartitionTaggerTest {

    @TempDir
    static Path tmp;
    private static TaggerSettings settings;

    @BeforeAll
    static void model() throws Exception {
        Path model = TestModels.write(tmp.resolve("model"), 24, 5);
        settings = new TaggerSettings(model.toString(), "cpu", 32, Decoding.VITERBI);
    }

    @AfterAll
    static void close() {
        DocumentTagger.closeShared();
    }

    private static Row doc(String id, String text, byte[] content, String corrupt) {
        return RowFactory.create(id, text, content, "file:/in/docs.jsonl", corrupt);
    }

    private static List<Row> run(int threads, List<Row> docs) throws Exception {
        List<Row> out = new ArrayList<>();
        Iterator<Row> it = new PartitionTagger(settings, threads).call(docs.iterator());
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void everyBadDocumentBecomesOneFailureRowWithItsReason() throws Exception {
        List<Row> out = run(1, List.of(
                doc(null, null, null, "{\"id\": 1, \"text"),
                doc(" ", "Some text.", null, null),
                doc("d3", null, null, null),
                doc("d4", null, "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1), null),
                doc("d5", null, "caf\u00e9 in Paris".getBytes(StandardCharsets.UTF_8), null)));
        assertEquals(5, out.size());
        assertEquals(List.of("MALFORMED_RECORD",
                "expected a JSON object with string fields id and text, found: {\"id\": 1, \"text"), failure(out.get(0)));
        assertEquals(List.of("MISSING_ID", "expected a non-blank id, found ' '"), failure(out.get(1)));
        assertEquals(List.of("MISSING_TEXT", "expected a text, found none"), failure(out.get(2)));
        assertEquals(List.of("INVALID_ENCODING", "expected UTF-8, found 1 invalid byte(s) at byte offset 3 (0xE9)"),
                failure(out.get(3)));
        Row ok = out.get(4);
        assertTrue(ok.isNullAt(5), "d5 is valid UTF-8 and tagged");
        assertEquals(3, ok.getInt(2), "tokens of 'café in Paris'");
        assertEquals(1, ok.getInt(3));
        try (DocumentTagger direct = DocumentTagger.open(settings)) {
            assertEquals(direct.tag("caf\u00e9 in Paris").entities(), entities(ok));
        }
    }

    @Test
    void threeThreadsGiveTheRowsOfOneThreadInInputOrder() throws Exception {
        List<Row> docs = new ArrayList<>();
        for (TestDocuments.Doc d : TestDocuments.generated(25, 3)) {
            docs.add(doc(d.id(), d.text(), null, null));
        }
        docs.add(12, doc("broken", null, null, null));
        List<Row> one = run(1, docs);
        List<Row> three = run(3, docs);
        assertEquals(26, three.size());
        for (int i = 0; i < one.size(); i++) {
            assertEquals(one.get(i).getString(0), three.get(i).getString(0));
            assertEquals(entities(one.get(i)), entities(three.get(i)));
            assertEquals(one.get(i).getString(6), three.get(i).getString(6));
        }
        assertEquals("MISSING_TEXT", three.get(12).getString(5));
    }

    @Test
    void aMissingModelFolderNamesWhereItWasLookedFor() {
        TaggerSettings missing = settings.withModelLocation("nowhere/en-conll");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PartitionTagger(missing, 1).call(List.<Row>of().iterator()));
        assertTrue(e.getMessage().startsWith("model folder 'nowhere/en-conll': expected a folder with config.json, "
                + "found none at [" + Path.of("nowhere/en-conll").toAbsolutePath()), e.getMessage());
        assertTrue(e.getMessage().endsWith("or ship the folder with --archives model.zip#en-conll"), e.getMessage());
    }

    private static List<String> failure(Row r) {
        return List.of(r.getString(5), r.getString(6));
    }

    private static List<TaggedEntity> entities(Row r) {
        List<TaggedEntity> out = new ArrayList<>();
        @SuppressWarnings("unchecked")
        scala.collection.Seq<Row> seq = (scala.collection.Seq<Row>) r.get(4);
        for (Row e : CollectionConverters.asJava(seq)) {
            out.add(new TaggedEntity(e.getInt(0), e.getInt(1), e.getString(2), e.getString(3), e.getDouble(4)));
        }
        return out;
    }
}
