package io.github.bertner.cli;

import io.github.bertner.model.FloatTensor;
import io.github.bertner.model.SafetensorsReader;
import io.github.bertner.model.SafetensorsWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bertner pack}: a trained model folder → a lean folder to ship (fp16 weights; config, tokenizer and
 * provenance files; no checkpoint, no reports).
 */
@Command(name = "pack", mixinStandardHelpOptions = true,
        description = "Copy a trained model folder into a folder to ship: model.safetensors in F16 (or F32), "
                + "config.json, vocab.txt, tokenizer files and provenance.json; the checkpoint and reports stay behind.")
public final class PackCommand implements Callable<Integer> {

    /** Files a model folder needs or documents itself with; everything else (checkpoint/, reports) stays. */
    static final List<String> FILES = List.of("config.json", "vocab.txt", "tokenizer_config.json", "tokenizer.json",
            "special_tokens_map.json", "provenance.json", "training.json");

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Trained model folder.")
    Path model;

    @Option(names = "--out", required = true, description = "Target folder.")
    Path out;

    @Option(names = "--f32", description = "Keep F32 weights (default: F16, half the size).")
    boolean f32;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        Path weights = model.resolve("model.safetensors");
        if (!Files.isRegularFile(weights)) {
            throw new IllegalArgumentException(model + ": expected a model folder with model.safetensors, found none");
        }
        if (out.toAbsolutePath().normalize().equals(model.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--out " + out + ": expected a folder other than the model itself");
        }
        Files.createDirectories(out);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata;
        try (SafetensorsReader r = SafetensorsReader.open(weights)) {
            for (String name : r.tensors().keySet()) {
                tensors.put(name, r.readFloat(name));
            }
            metadata = new LinkedHashMap<>(r.metadata());
        }
        metadata.putIfAbsent("format", "pt");
        SafetensorsWriter.write(out.resolve("model.safetensors"), tensors, metadata, !f32);
        for (String f : FILES) {
            if (Files.isRegularFile(model.resolve(f))) {
                Files.copy(model.resolve(f), out.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        o.printf(Locale.ROOT, "%d tensors as %s: %.1f MB in %s%n", tensors.size(), f32 ? "F32" : "F16",
                Files.size(out.resolve("model.safetensors")) / 1e6, out);
        return 0;
    }
}
