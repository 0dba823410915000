package io.github.bertner.tokenization;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerSettingsTest {

    @TempDir
    Path tmp;

    @Test
    void readsHuggingFaceConfig() throws IOException {
        Path f = tmp.resolve(TokenizerSettings.FILE_NAME);
        Files.writeString(f, "{\"do_lower_case\": false, \"strip_accents\": null, \"tokenize_chinese_chars\": true,"
                + " \"model_max_length\": 1000000000000000019884624838656, \"never_split\": [\"[URL]\"],"
                + " \"tokenizer_class\": \"BertTokenizer\", \"unk_token\": \"[UNK]\"}", StandardCharsets.UTF_8);
        TokenizerSettings s = TokenizerSettings.read(f);
        assertFalse(s.doLowerCase());
        assertNull(s.stripAccents());
        assertFalse(s.effectiveStripAccents());
        assertEquals(Integer.MAX_VALUE, s.modelMaxLength());
        assertEquals(Set.of("[URL]"), s.neverSplit());
    }

    @Test
    void missingKeysTakeHuggingFaceDefaults() throws IOException {
        Path f = tmp.resolve("c.json");
        Files.writeString(f, "{\"model_max_length\": 512}", StandardCharsets.UTF_8);
        TokenizerSettings s = TokenizerSettings.read(f);
        assertTrue(s.doLowerCase());
        assertTrue(s.effectiveStripAccents());
        assertTrue(s.tokenizeChineseChars());
        assertEquals(512, s.modelMaxLength());
    }

    @Test
    void stripAccentsOverridesLowerCase() {
        assertFalse(new TokenizerSettings(true, false, true, 512, null).effectiveStripAccents());
        assertTrue(new TokenizerSettings(false, true, true, 512, null).effectiveStripAccents());
        assertTrue(TokenizerSettings.uncased().effectiveStripAccents());
        assertFalse(TokenizerSettings.cased().effectiveStripAccents());
    }

    @Test
    void writeThenReadRoundTrips() throws IOException {
        Path f = tmp.resolve("m/" + TokenizerSettings.FILE_NAME);
        for (TokenizerSettings s : new TokenizerSettings[] {TokenizerSettings.cased(), TokenizerSettings.uncased(),
                new TokenizerSettings(true, false, false, 256, Set.of("[URL]", "<e>"))}) {
            s.write(f);
            assertEquals(s, TokenizerSettings.read(f));
        }
    }

    @Test
    void wrongTypesNameFileAndKey() throws IOException {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, "{\"do_lower_case\": \"yes\"}", StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenizerSettings.read(f));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("do_lower_case"), e.getMessage());
        Files.writeString(f, "{\"model_max_length\": 1", StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> TokenizerSettings.read(f));
    }
}
