package io.github.bertner.tokenization;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordPieceVocabTest {

    @TempDir
    Path tmp;

    private Path file(String content) throws IOException {
        Path f = tmp.resolve("vocab.txt");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void loadsIdsByLineAndSpecials() throws IOException {
        WordPieceVocab v = WordPieceVocab.load(file("[PAD]\n[unused0]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nthe\n##s\nёлка\n"));
        assertEquals(9, v.size());
        assertEquals(0, v.padId());
        assertEquals(2, v.unkId());
        assertEquals(3, v.clsId());
        assertEquals(4, v.sepId());
        assertEquals(5, v.maskId());
        assertEquals(8, v.id("ёлка"));
        assertEquals(-1, v.id("missing"));
        assertEquals("##s", v.token(7));
        assertTrue(v.contains("the"));
        assertTrue(v.isSpecial(v.unkId()));
        assertFalse(v.isSpecial(6));
        assertThrows(IndexOutOfBoundsException.class, () -> v.token(9));
    }

    @Test
    void acceptsCrlfAndByteOrderMark() throws IOException {
        WordPieceVocab v = WordPieceVocab.load(file("\uFEFF[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\n[MASK]\r\nx\r\n"));
        assertEquals(0, v.id("[PAD]"));
        assertEquals(5, v.id("x"));
    }

    @Test
    void rejectsDuplicatesNamingFileAndLines() throws IOException {
        Path f = file("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nthe\nthe\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WordPieceVocab.load(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("line 7"), e.getMessage());
        assertTrue(e.getMessage().contains("line 6"), e.getMessage());
    }

    @Test
    void rejectsEmptyLines() throws IOException {
        Path f = file("[PAD]\n[UNK]\n\n[CLS]\n[SEP]\n[MASK]\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WordPieceVocab.load(f));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void rejectsMissingSpecialsNamingThem() throws IOException {
        Path f = file("[PAD]\n[UNK]\n[CLS]\nthe\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WordPieceVocab.load(f));
        assertTrue(e.getMessage().contains("[SEP], [MASK]"), e.getMessage());
    }

    @Test
    void rejectsMalformedUtf8() throws IOException {
        Path f = tmp.resolve("bad.txt");
        Files.write(f, new byte[] {'[', 'P', 'A', 'D', ']', '\n', (byte) 0xC3, '\n'});
        assertThrows(IOException.class, () -> WordPieceVocab.load(f));
    }

    @Test
    void writeThenLoadRoundTrips() throws IOException {
        WordPieceVocab v = TestVocab.small();
        Path f = tmp.resolve("sub/vocab.txt");
        v.write(f);
        assertEquals(v.tokens(), WordPieceVocab.load(f).tokens());
        assertEquals(v.tokens(), List.of(Files.readString(f, StandardCharsets.UTF_8).split("\n")));
    }
}
