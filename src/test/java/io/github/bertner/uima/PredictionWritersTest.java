package io.github.bertner.uima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.type.ScoredNamedEntity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionWritersTest {

    @TempDir
    Path tmp;

    /** "Peter Blackburn visited Bonn ." + "Hi ." with gold PER + LOC and predicted PER only. */
    private static JCas document() throws Exception {
        JCas jcas = JCasFactory.createJCas();
        String text = "Peter Blackburn visited Bonn .\nHi .";
        jcas.setDocumentText(text);
        DocumentMetaData meta = DocumentMetaData.create(jcas);
        meta.setDocumentId("doc1");
        int[][] tokens = {{0, 5}, {6, 15}, {16, 23}, {24, 28}, {29, 30}, {31, 33}, {34, 35}};
        for (int[] t : tokens) {
            new Token(jcas, t[0], t[1]).addToIndexes();
        }
        new Sentence(jcas, 0, 30).addToIndexes();
        new Sentence(jcas, 31, 35).addToIndexes();
        NamedEntity per = new NamedEntity(jcas, 0, 15);
        per.setValue("PER");
        per.addToIndexes();
        NamedEntity loc = new NamedEntity(jcas, 24, 28);
        loc.setValue("LOC");
        loc.addToIndexes();
        ScoredNamedEntity predicted = new ScoredNamedEntity(jcas, 0, 15);
        predicted.setValue("PER");
        predicted.setConfidence(0.75);
        predicted.setSource("model");
        predicted.addToIndexes();
        return jcas;
    }

    @Test
    void conllHasTokenGoldPredictedColumns() throws Exception {
        Path target = tmp.resolve("out/pred.conll");
        AnalysisEngine writer = AnalysisEngineFactory.createEngine(PredictionConllWriter.class,
                PredictionConllWriter.PARAM_TARGET_LOCATION, target.toString());
        writer.process(document());
        writer.collectionProcessComplete();
        writer.destroy();
        List<String> lines = Files.readAllLines(target, StandardCharsets.UTF_8);
        assertEquals(List.of(
                "Peter B-PER B-PER",
                "Blackburn I-PER I-PER",
                "visited O O",
                "Bonn B-LOC O",
                ". O O",
                "",
                "Hi O O",
                ". O O",
                ""), lines);
    }

    @Test
    void conllWritesDocstartWhenAsked() throws Exception {
        Path target = tmp.resolve("pred.conll");
        AnalysisEngine writer = AnalysisEngineFactory.createEngine(PredictionConllWriter.class,
                PredictionConllWriter.PARAM_TARGET_LOCATION, target.toString(),
                PredictionConllWriter.PARAM_WRITE_DOCSTART, true);
        writer.process(document());
        writer.process(document());
        writer.collectionProcessComplete();
        writer.destroy();
        List<String> lines = Files.readAllLines(target, StandardCharsets.UTF_8);
        assertEquals(2, lines.stream().filter("-DOCSTART- O O"::equals).count());
        assertEquals("", lines.get(1));
        assertEquals("Peter B-PER B-PER", lines.get(2));
    }

    @Test
    void jsonlHasOneObjectPerDocument() throws Exception {
        Path target = tmp.resolve("pred.jsonl");
        AnalysisEngine writer = AnalysisEngineFactory.createEngine(EntityJsonlWriter.class,
                EntityJsonlWriter.PARAM_TARGET_LOCATION, target.toString());
        writer.process(document());
        writer.collectionProcessComplete();
        writer.destroy();
        List<String> lines = Files.readAllLines(target, StandardCharsets.UTF_8);
        assertEquals(1, lines.size());
        JsonObject doc = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals("doc1", doc.get("document").getAsString());
        JsonArray entities = doc.getAsJsonArray("entities");
        assertEquals(1, entities.size(), "gold entities are not written");
        JsonObject e = entities.get(0).getAsJsonObject();
        assertEquals(0, e.get("begin").getAsInt());
        assertEquals(15, e.get("end").getAsInt());
        assertEquals("Peter Blackburn", e.get("text").getAsString());
        assertEquals("PER", e.get("type").getAsString());
        assertEquals(0.75, e.get("confidence").getAsDouble(), 1e-9);
        assertTrue(lines.get(0).startsWith("{"));
    }
}
