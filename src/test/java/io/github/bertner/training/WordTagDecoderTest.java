package io.github.bertner.training;

import io.github.bertner.eval.EvaluationResult;
import io.github.bertner.eval.Evaluator;
import io.github.bertner.tagging.TagScheme;
import io.github.bertner.tokenization.BertWordPieceTokenizer;
import io.github.bertner.tokenization.EncodedBatch;
import io.github.bertner.tokenization.EncodedWindow;
import io.github.bertner.tokenization.LabelAlignment;
import io.github.bertner.tokenization.LabelSet;
import io.github.bertner.tokenization.SequenceEncoder;
import io.github.bertner.tokenization.TokenizerSettings;
import io.github.bertner.tokenization.WordPieceVocab;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The padding lesson: scores at PAD, [CLS]/[SEP] and non-first pieces never reach the metrics. */
class WordTagDecoderTest {

    private static WordTagDecoder decoder(LabelAlignment alignment) {
        WordPieceVocab vocab = WordPieceVocab.of(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "John", "Mary",
                "Peter", "Paris", "Lon", "##don", "Bo", "##nn", "the", "went", "to", "said", "in", "a", "city", "man",
                "Anna", "Smith", "Black", "##burn", "Moscow", "Berlin", "that", "yesterday", "Mo", "##s"));
        BertWordPieceTokenizer tok = new BertWordPieceTokenizer(vocab, TokenizerSettings.cased());
        LabelSet labels = LabelSet.fromTags(List.of("O", "B-PER", "I-PER", "B-LOC"), alignment);
        SequenceEncoder enc = SequenceEncoder.builder().setTokenizer(tok).setLabelSet(labels).setAlignment(alignment)
                .setMaxLength(12).setStride(2).build();
        return new WordTagDecoder(enc, io.github.bertner.tagging.TagScheme.IOB2, vocab.padId(), 4, 64);
    }

    @Test
    void garbageAtMaskedPositionsChangesNothing() {
        for (LabelAlignment alignment : new LabelAlignment[] {LabelAlignment.FIRST, LabelAlignment.X}) {
            WordTagDecoder d = decoder(alignment);
            List<LabeledSentence> sentences = TinyData.sentences(30, 3);
            WordTagDecoder.Encoded enc = d.encode(sentences);
            int labels = d.labels().size();
            Random r = new Random(1);
            Function<EncodedBatch, float[][][]> clean = b -> {
                float[][][] out = new float[b.size()][b.length()][labels];
                for (float[][] row : out) {
                    for (float[] pos : row) {
                        for (int c = 0; c < labels; c++) {
                            pos[c] = (float) r.nextGaussian();
                        }
                    }
                }
                return out;
            };
            List<float[][][]> cleanOut = new ArrayList<>();
            List<List<String>> pred = d.decode(enc, b -> {
                float[][][] o = clean.apply(b);
                cleanOut.add(o);
                return o;
            });
            int[] batch = {0};
            int[] touched = {0};
            List<List<String>> predGarbage = d.decode(enc, b -> {
                float[][][] o = cleanOut.get(batch[0]++);
                float[][][] g = new float[o.length][][];
                for (int i = 0; i < o.length; i++) {
                    EncodedWindow w = b.windows().get(i);
                    g[i] = new float[o[i].length][];
                    for (int s = 0; s < o[i].length; s++) {
                        g[i][s] = o[i][s].clone();
                        boolean read = s < w.length() && w.predictionMask()[s];
                        if (!read) {
                            // huge score for the last label (an entity tag or X) everywhere nothing is read
                            g[i][s][labels - 1] = 1e6f;
                            touched[0]++;
                        }
                    }
                }
                return g;
            });
            assertTrue(touched[0] > 50, "the test must actually poison positions");
            assertEquals(pred, predGarbage, alignment.name());
            List<List<String>> gold = new ArrayList<>();
            sentences.forEach(s -> gold.add(s.tags(TagScheme.IOB2)));
            EvaluationResult a = Evaluator.evaluate(gold, pred);
            EvaluationResult b = Evaluator.evaluate(gold, predGarbage);
            assertEquals(a.strict().micro(), b.strict().micro());
            assertEquals(a.relaxed().micro(), b.relaxed().micro());
            for (List<String> p : pred) {
                assertTrue(p.stream().noneMatch("X"::equals), "X is never a word prediction");
            }
        }
    }
}
