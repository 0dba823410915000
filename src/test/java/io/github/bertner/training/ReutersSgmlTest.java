package io.github.bertner.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ReutersSgmlTest {

    @Test
    void extractsBodiesDecodesReferencesAndLatin1Bytes(@TempDir Path dir) throws Exception {
        byte[] head = ("<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS ID=\"1\"><TEXT><TITLE>T</TITLE><BODY>Profit &lt;up&gt; &amp; M"
                ).getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("nchen rose.\n Reuter\n&#3;</BODY></TEXT></REUTERS>\n<REUTERS ID=\"2\"><TEXT>no body</TEXT></REUTERS>\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = (byte) 0xFC;
        System.arraycopy(tail, 0, all, head.length + 1, tail.length);
        Path f = dir.resolve("reut2-017.sgm");
        Files.write(f, all);
        ReutersSgml.Result r = ReutersSgml.read(f);
        assertEquals(2, r.articles());
        assertEquals(1, r.invalidBytes());
        assertEquals(List.of("Profit <up> & M\u00fcnchen rose.\n Reuter"), r.bodies());
    }

    @Test
    void realCorpusHasOneInvalidByte() throws Exception {
        Path dir = Path.of(System.getProperty("bertner.data.dir", "../shared/data"), "unlabeled", "reuters21578");
        assumeTrue(Files.isDirectory(dir), "Reuters corpus not available");
        ReutersSgml.Result r = ReutersSgml.read(dir.resolve("reut2-017.sgm"));
        assertEquals(1, r.invalidBytes());
        RawTextCorpus.Text t = RawTextCorpus.read(List.of(dir));
        assertEquals(22, t.files());
        assertEquals(1, t.invalidBytes());
    }
}
