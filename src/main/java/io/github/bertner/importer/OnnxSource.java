package io.github.bertner.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Where an ONNX model and its {@code tokenizer.json} come from: an {@code .onnx} file (the
 * tokenizer beside it), a jar (for example an embedding-model jar from the local Maven
 * repository), or a Maven coordinate {@code group:artifact:version} looked up in the local
 * repository only — nothing is downloaded.
 *
 * @param onnx        the ONNX file on disk (extracted from a jar into {@code workDir})
 * @param tokenizer   the tokenizer.json on disk, or null when none was found
 * @param description what was read, for messages and the report
 */
public record OnnxSource(Path onnx, Path tokenizer, String description) {

    /**
     * Resolves a source argument.
     *
     * @param arg       an .onnx file, a .jar file, or group:artifact:version
     * @param entry     the .onnx entry inside a jar when it holds several, or null
     * @param tokenizer an explicit tokenizer.json, or null to look for one
     * @param workDir   where jar entries are extracted
     * @return the resolved source
     * @throws IOException when a file cannot be read
     * @throws IllegalArgumentException naming the argument when nothing usable is found
     */
    public static OnnxSource resolve(String arg, String entry, Path tokenizer, Path workDir) throws IOException {
        Path file = Path.of(arg);
        if (!Files.exists(file) && arg.matches("[\\w.\\-]+:[\\w.\\-]+:[\\w.\\-]+")) {
            file = mavenJar(arg);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(arg + ": expected an .onnx file, a .jar or group:artifact:version "
                    + "in the local Maven repository, found no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jar") || name.endsWith(".zip")) {
            return fromJar(file, entry, tokenizer, workDir);
        }
        Path tok = tokenizer != null ? tokenizer : sibling(file);
        return new OnnxSource(file, tok, file.toString());
    }

    private static Path mavenJar(String coordinate) {
        String[] p = coordinate.split(":");
        String repo = System.getProperty("maven.repo.local");
        Path base = repo != null ? Path.of(repo) : Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path jar = base.resolve(p[0].replace('.', '/')).resolve(p[1]).resolve(p[2]).resolve(p[1] + "-" + p[2] + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(coordinate + ": expected " + jar + " in the local Maven repository, "
                    + "found none; fetch it first with: mvn dependency:get -Dtransitive=false -Dartifact=" + coordinate);
        }
        return jar;
    }

    private static Path sibling(Path onnx) {
        String stem = onnx.getFileName().toString().replaceFirst("\\.onnx$", "");
        for (String candidate : List.of(stem + "-tokenizer.json", stem + "_tokenizer.json", "tokenizer.json")) {
            Path p = onnx.resolveSibling(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static OnnxSource fromJar(Path jar, String entry, Path tokenizer, Path workDir) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> models = new ArrayList<>();
            List<String> tokenizers = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                String n = e.nextElement().getName();
                if (n.endsWith(".onnx")) {
                    models.add(n);
                } else if (n.endsWith("tokenizer.json")) {
                    tokenizers.add(n);
                }
            }
            String model;
            if (entry != null) {
                if (!models.contains(entry)) {
                    throw new IllegalArgumentException(jar + ": expected entry " + entry + ", found " + models);
                }
                model = entry;
            } else if (models.size() == 1) {
                model = models.get(0);
            } else {
                throw new IllegalArgumentException(jar + ": expected one .onnx entry (or --entry), found "
                        + (models.isEmpty() ? "none" : models));
            }
            Files.createDirectories(workDir);
            Path onnx = extract(zip, model, workDir);
            Path tok = tokenizer;
            if (tok == null) {
                String stem = model.replaceFirst("\\.onnx$", "");
                String match = tokenizers.stream().filter(t -> t.startsWith(stem)).findFirst()
                        .orElse(tokenizers.size() == 1 ? tokenizers.get(0) : null);
                tok = match == null ? null : extract(zip, match, workDir);
            }
            return new OnnxSource(onnx, tok, jar.getFileName() + "!/" + model);
        }
    }

    private static Path extract(ZipFile zip, String name, Path dir) throws IOException {
        Path target = dir.resolve(Path.of(name).getFileName().toString());
        try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
