package io.github.bertner.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.cli.Main;
import io.github.bertner.inference.NerPredictor;
import io.github.bertner.inference.SentencePrediction;
import io.github.bertner.inference.TinyModels;
import io.github.bertner.type.ScoredNamedEntity;
import io.github.bertner.uima.NerTagger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The runtime choice through NerPredictor, the NerTagger parameter and {@code tag --runtime}. */
class RuntimeSelectionTest {

    @TempDir
    static Path tmp;

    static Path modelDir;
    static List<List<String>> sentences;

    @BeforeAll
    static void writeModel() throws Exception {
        // windows of 32 pieces: the longer sentences are split, so window stitching runs on ONNX too
        modelDir = TinyModels.write(tmp.resolve("model"), 32, 8, 5);
        Random r = new Random(3);
        sentences = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sentences.add(TinyModels.words(1 + r.nextInt(30), r));
        }
    }

    static List<SentencePrediction> predict(InferenceRuntime runtime) throws Exception {
        try (NerPredictor p = NerPredictor.builder(modelDir).optDevice("cpu").optBatchSize(7)
                .optRuntime(runtime).build()) {
            return p.predictAll(sentences);
        }
    }

    @Test
    void onnxGivesThePyTorchTagsAndProbabilities() throws Exception {
        List<SentencePrediction> torch = predict(InferenceRuntime.PYTORCH);
        List<SentencePrediction> onnx = predict(InferenceRuntime.ONNX);
        double maxDiff = 0;
        int entities = 0;
        for (int s = 0; s < sentences.size(); s++) {
            assertEquals(torch.get(s).tags(), onnx.get(s).tags(), "sentence " + s);
            entities += torch.get(s).entities().size();
            for (int w = 0; w < torch.get(s).size(); w++) {
                for (int k = 0; k < TinyModels.LABELS.size(); k++) {
                    maxDiff = Math.max(maxDiff, Math.abs(torch.get(s).probability(w, k) - onnx.get(s).probability(w, k)));
                }
            }
        }
        assertTrue(entities > 0, "a random model that tags nothing would make this comparison empty");
        assertTrue(maxDiff <= 1e-5, "max |Δ probability| = " + maxDiff);
    }

    @Test
    void int8ChangesFewTags() throws Exception {
        List<SentencePrediction> torch = predict(InferenceRuntime.PYTORCH);
        List<SentencePrediction> int8 = predict(InferenceRuntime.ONNX_INT8);
        int words = 0;
        int differing = 0;
        for (int s = 0; s < sentences.size(); s++) {
            for (int w = 0; w < torch.get(s).size(); w++) {
                words++;
                differing += torch.get(s).tags().get(w).equals(int8.get(s).tags().get(w)) ? 0 : 1;
            }
        }
        // 7-bit weights (a CPU without VNNI, see CpuFeatures) have half the resolution: twice the allowance
        int allowed = CpuFeatures.int8WithoutSaturation() ? words / 50 : words / 25;
        assertTrue(differing <= allowed, differing + " of " + words + " word tags differ (allowed: " + allowed + ")");
    }

    @Test
    void nerTaggerParameterSelectsTheRuntime() throws Exception {
        List<String> words = sentences.get(0);
        List<List<String>> found = new ArrayList<>();
        for (InferenceRuntime runtime : InferenceRuntime.values()) {
            AnalysisEngine tagger = AnalysisEngineFactory.createEngine(NerTagger.class,
                    NerTagger.PARAM_MODEL_LOCATION, modelDir.toString(),
                    NerTagger.PARAM_DEVICE, "cpu",
                    NerTagger.PARAM_RUNTIME, runtime.name());
            JCas jcas = JCasFactory.createJCas();
            jcas.setDocumentText(String.join(" ", words));
            int offset = 0;
            for (String w : words) {
                new Token(jcas, offset, offset + w.length()).addToIndexes();
                offset += w.length() + 1;
            }
            new Sentence(jcas, 0, offset - 1).addToIndexes();
            tagger.process(jcas);
            tagger.destroy();
            found.add(JCasUtil.select(jcas, ScoredNamedEntity.class).stream()
                    .map(e -> e.getBegin() + "-" + e.getEnd() + ":" + e.getValue()).toList());
        }
        assertFalse(found.get(0).isEmpty());
        assertEquals(found.get(0), found.get(1), "pytorch vs onnx");
    }

    @Test
    void tagRefusesAnUnknownRuntime() {
        CommandLine cli = Main.newCommandLine();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("tag", "--model", modelDir.toString(), "--input-format", "text", "--runtime", "onnx-fp16",
                "--out", tmp.resolve("x.conll").toString(), modelDir.resolve("config.json").toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains(
                "--runtime: expected a runtime among pytorch, onnx, onnx-int8, found 'onnx-fp16'"), err.toString());
    }
}
