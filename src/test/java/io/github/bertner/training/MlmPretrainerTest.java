package io.github.bertner.training;

import ai.djl.Device;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tokenization.BertWordPieceTokenizer;
import io.github.bertner.tokenization.TokenizerSettings;
import io.github.bertner.tokenization.VocabBuilder;
import io.github.bertner.tokenization.WordPieceVocab;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlmPretrainerTest {

    private static List<String> text() {
        List<String> lines = new ArrayList<>();
        for (LabeledSentence s : TinyData.sentences(80, 9)) {
            lines.add(String.join(" ", s.words()));
        }
        return lines;
    }

    @Test
    void packsLinesIntoBoundedSequences() {
        WordPieceVocab vocab = VocabBuilder.builder().setVocabSize(80).build().train(text());
        BertWordPieceTokenizer tok = new BertWordPieceTokenizer(vocab, TokenizerSettings.cased());
        List<int[]> seqs = MlmPretrainer.pack(tok, text(), 16);
        assertTrue(seqs.size() > 10);
        for (int[] s : seqs) {
            assertTrue(s.length <= 16);
            assertEquals(vocab.clsId(), s[0]);
            assertEquals(vocab.sepId(), s[s.length - 1]);
        }
    }

    @Test
    @Tag("slow")
    void pretrainThenFineTuneFromTheCheckpoint(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("base");
        TrainingConfig c = TrainingConfig.builder(base).optEpochs(1).optMaxSteps(4).optLearningRate(1e-3).build();
        TrainerState s = MlmPretrainer.builder().setConfig(c).setText(text()).optModelConfig(TinyData.tinyConfig())
                .optVocabSize(90).optMaxLength(32).optBatchSize(8).build().train();
        assertEquals(4, s.step());
        for (String f : List.of("config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json")) {
            assertTrue(Files.exists(base.resolve(f)), f);
        }
        assertTrue(Files.readString(base.resolve("config.json")).contains("BertForMaskedLM"));
        Path ner = dir.resolve("ner");
        TrainingConfig fc = TrainingConfig.builder(ner).optEpochs(1).optMaxSteps(3).optLearningRate(1e-3).build();
        TokenClassifierTrainer.builder().setConfig(fc).setTrainData(TinyData.sentences(24, 4)).optBaseModel(base)
                .optBatchSize(8).optMaxLength(32).build().train();
        try (TokenClassifierModel m = TokenClassifierModel.load(ner, Device.cpu())) {
            assertEquals(Files.readAllLines(base.resolve("vocab.txt")), m.vocabulary().orElseThrow());
            assertEquals(0, m.loadReport().freshParameters().size());
        }
    }
}
