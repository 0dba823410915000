package io.github.bertner.model;

import io.github.bertner.tagging.TagScheme;
import io.github.bertner.tokenization.LabelAlignment;
import io.github.bertner.tokenization.TokenizerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The one reader/writer of a model folder's settings: defaults for old folders, round trip, messages. */
class ModelSettingsTest {

    private static final String TOKENIZER = "{\"do_lower_case\": false, \"model_max_length\": 512}";

    private static BertConfig config(Path dir, String bertner) throws Exception {
        String json = "{\"model_type\": \"bert\", \"vocab_size\": 40, \"hidden_size\": 8, \"num_hidden_layers\": 1,"
                + " \"num_attention_heads\": 2, \"intermediate_size\": 16, \"max_position_embeddings\": 256,"
                + " \"id2label\": {\"0\": \"O\", \"1\": \"B-PER\"}" + (bertner == null ? "" : ", \"bertner\": " + bertner)
                + "}";
        Files.writeString(dir.resolve(HfCheckpoint.CONFIG_FILE), json, StandardCharsets.UTF_8);
        return HfCheckpoint.readConfig(dir);
    }

    @Test
    void folderOfTheOldTrainerReadsWithTheStrideItTrainedWith(@TempDir Path dir) throws Exception {
        // written before stride and context were saved: the trainer then used min(32, max_length / 4)
        BertConfig c = config(dir, "{\"tag_scheme\": \"BIOES\", \"label_alignment\": \"FIRST\", \"max_length\": \"64\"}");
        ModelSettings s = ModelSettings.read(c, Optional.of(TOKENIZER), dir.toString());
        assertEquals(new ModelSettings(TagScheme.BIOES, LabelAlignment.FIRST, 64, 16, SequenceContext.SENTENCE,
                new TokenizerSettings(false, null, true, 512, null)), s);
        BertConfig c128 = config(dir, "{\"max_length\": \"128\"}");
        assertEquals(32, ModelSettings.read(c128, Optional.of(TOKENIZER), dir.toString()).stride());
    }

    @Test
    void foreignFolderTakesEveryDefault(@TempDir Path dir) throws Exception {
        ModelSettings s = ModelSettings.read(config(dir, null), Optional.empty(), dir.toString());
        assertEquals(new ModelSettings(TagScheme.IOB2, LabelAlignment.FIRST, 128, 32, SequenceContext.SENTENCE,
                new TokenizerSettings(true, null, true, Integer.MAX_VALUE, null)), s);
    }

    @Test
    void documentContextIsRead(@TempDir Path dir) throws Exception {
        BertConfig c = config(dir, "{\"max_length\": \"100\", \"stride\": \"20\", \"context\": \"DOCUMENT\"}");
        ModelSettings s = ModelSettings.read(c, Optional.of(TOKENIZER), dir.toString());
        assertEquals(SequenceContext.DOCUMENT, s.context());
        assertEquals(100, s.maxLength());
        assertEquals(20, s.stride());
    }

    @Test
    void messagesNameFileKeyAndValue(@TempDir Path dir) throws Exception {
        BertConfig bad = config(dir, "{\"stride\": \"many\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelSettings.read(bad, Optional.of(TOKENIZER), dir.toString()));
        assertEquals(dir + "/config.json: bertner.stride: expected an integer, found 'many'", e.getMessage());
        BertConfig tooLong = config(dir, "{\"max_length\": \"300\"}");
        e = assertThrows(IllegalArgumentException.class,
                () -> ModelSettings.read(tooLong, Optional.of(TOKENIZER), dir.toString()));
        assertEquals(dir + "/config.json: bertner.max_length: expected at most 256 "
                + "(model_max_length / max_position_embeddings), found 300", e.getMessage());
        BertConfig context = config(dir, "{\"context\": \"PARAGRAPH\"}");
        e = assertThrows(IllegalArgumentException.class,
                () -> ModelSettings.read(context, Optional.of(TOKENIZER), dir.toString()));
        assertEquals(dir + "/config.json: bertner.context: expected one of [SENTENCE, DOCUMENT], found 'PARAGRAPH'",
                e.getMessage());
    }

    @Test
    void defaultsUseTheDefaultStride() {
        ModelSettings d = ModelSettings.defaults(TokenizerSettings.cased());
        assertEquals(128, d.maxLength());
        assertEquals(32, d.stride());
        assertEquals(8, ModelSettings.defaultStride(32));
    }
}
