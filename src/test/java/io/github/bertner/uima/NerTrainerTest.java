package io.github.bertner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.training.LabeledSentence;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NerTrainerTest {

    private static JCas document() throws Exception {
        JCas jcas = JCasFactory.createJCas();
        String text = "Peter Blackburn went to Paris . Mary said that .";
        jcas.setDocumentText(text);
        int pos = 0;
        for (String w : text.split(" ")) {
            new Token(jcas, pos, pos + w.length()).addToIndexes();
            pos += w.length() + 1;
        }
        new Sentence(jcas, 0, 31).addToIndexes();
        new Sentence(jcas, 32, text.length()).addToIndexes();
        NamedEntity per = new NamedEntity(jcas, 0, 15);
        per.setValue("PER");
        per.addToIndexes();
        NamedEntity loc = new NamedEntity(jcas, 24, 29);
        loc.setValue("LOC");
        loc.addToIndexes();
        NamedEntity mary = new NamedEntity(jcas, 32, 36);
        mary.setValue("PER");
        mary.addToIndexes();
        NamedEntity bad = new NamedEntity(jcas, 33, 36);
        bad.setValue("PER");
        bad.addToIndexes();
        return jcas;
    }

    @Test
    void extractsSentencesAndCountsMisalignedEntities() throws Exception {
        CasSentences cs = new CasSentences();
        List<LabeledSentence> s = cs.extract(document());
        assertEquals(2, s.size());
        assertEquals(List.of("B-PER", "I-PER", "O", "O", "B-LOC", "O"), s.get(0).tags(io.github.bertner.tagging.TagScheme.IOB2));
        assertEquals(1L, cs.counts().get("skipped.misaligned"));
    }

    @Test
    void nestedEntitiesAreFlattenedByPolicyAndCounted() throws Exception {
        JCas jcas = JCasFactory.createText("Москвы мэрии сообщили", "ru");
        new Sentence(jcas, 0, 21).addToIndexes();
        new Token(jcas, 0, 6).addToIndexes();
        new Token(jcas, 7, 12).addToIndexes();
        new Token(jcas, 13, 21).addToIndexes();
        NamedEntity org = new NamedEntity(jcas, 0, 12);
        org.setValue("ORG");
        org.addToIndexes();
        NamedEntity loc = new NamedEntity(jcas, 0, 6);
        loc.setValue("LOC");
        loc.addToIndexes();
        io.github.bertner.tagging.TagScheme bio = io.github.bertner.tagging.TagScheme.IOB2;
        CasSentences outer = new CasSentences(io.github.bertner.io.FlatteningPolicy.OUTERMOST);
        assertEquals(List.of("B-ORG", "I-ORG", "O"), outer.extract(jcas).get(0).tags(bio));
        assertEquals(1L, outer.counts().get("skipped.flattened"));
        CasSentences inner = new CasSentences(io.github.bertner.io.FlatteningPolicy.INNERMOST);
        assertEquals(List.of("B-LOC", "O", "O"), inner.extract(jcas).get(0).tags(bio));
        assertEquals(1L, inner.counts().get("skipped.flattened"));
    }

    @Test
    @Tag("slow")
    void trainsAtCollectionEnd(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("model");
        AnalysisEngine trainer = AnalysisEngineFactory.createEngine(NerTrainer.class,
                NerTrainer.PARAM_TARGET_LOCATION, out.toString(), NerTrainer.PARAM_PRESET, "tiny",
                NerTrainer.PARAM_VOCAB_SIZE, 60, NerTrainer.PARAM_EPOCHS, 1, NerTrainer.PARAM_MAX_STEPS, 2L,
                NerTrainer.PARAM_MAX_LENGTH, 32, NerTrainer.PARAM_TAG_SCHEME, "BIOES", NerTrainer.PARAM_SEED, 3L);
        trainer.process(document());
        trainer.collectionProcessComplete();
        String config = Files.readString(out.resolve("config.json"));
        assertTrue(config.contains("S-LOC") && config.contains("\"tag_scheme\": \"BIOES\""), config);
        assertTrue(Files.exists(out.resolve("vocab.txt")));
    }
}
