package io.github.bertner.training;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class CorpusFingerprintTest {

    @Test
    void digestsPathsAndContentsNotTheLocation(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("a/sub"));
        Files.writeString(a.resolve("x.txt"), "Москва");
        Files.writeString(dir.resolve("a/y.txt"), "Rome");
        CorpusFingerprint fp = CorpusFingerprint.of(dir.resolve("a"));
        assertEquals(2, fp.files());
        assertEquals("Москва".getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 4, fp.bytes());
        assertEquals(64, fp.sha256().length());

        // the same tree elsewhere: same fingerprint; a renamed or edited file: another
        Path b = Files.createDirectories(dir.resolve("copy/a/sub"));
        Files.writeString(b.resolve("x.txt"), "Москва");
        Files.writeString(dir.resolve("copy/a/y.txt"), "Rome");
        assertEquals(fp, CorpusFingerprint.of(dir.resolve("copy/a")));
        Files.move(dir.resolve("copy/a/y.txt"), dir.resolve("copy/a/z.txt"));
        assertNotEquals(fp.sha256(), CorpusFingerprint.of(dir.resolve("copy/a")).sha256());
        Files.writeString(a.resolve("x.txt"), "Moskva");
        assertNotEquals(fp.sha256(), CorpusFingerprint.of(dir.resolve("a")).sha256());
    }

    @Test
    void aFolderIsOneProvenanceEntry(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("1.txt"), "a");
        Files.writeString(dir.resolve("2.txt"), "bc");
        JsonObject e = TrainingProvenance.folderEntry(dir);
        assertEquals(2, e.get("files").getAsInt());
        assertEquals(3, e.get("bytes").getAsLong());
        assertEquals(CorpusFingerprint.of(dir).sha256(), e.get("fingerprint").getAsString());
        assertEquals(dir.toAbsolutePath().normalize().toString(), e.get("path").getAsString());
    }
}
