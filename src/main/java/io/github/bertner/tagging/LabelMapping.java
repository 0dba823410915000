package io.github.bertner.tagging;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A declared mapping from a corpus's entity types to a common tag set, so that one training run can mix
 * corpora (e.g. WNUT-17's {@code corporation} and CoNLL-2003's {@code ORG} both become {@code ORG}).
 *
 * <p>File format: one {@code source<TAB>target} pair per line (any run of whitespace also separates);
 * {@code #} starts a comment; target {@code -} drops the type. A type the file does not mention is an
 * error, so a new type in a corpus can never slip through unmapped. Built-in mappings live under
 * {@code io/github/bertner/mapping/<name>.tsv} on the classpath.
 */
public final class LabelMapping {

    private static final String RESOURCE_DIR = "io/github/bertner/mapping/";
    private static final String DROP = "-";

    private final String name;
    private final Map<String, String> map;
    private final boolean identity;

    private LabelMapping(String name, Map<String, String> map, boolean identity) {
        this.name = name;
        this.map = Collections.unmodifiableMap(map);
        this.identity = identity;
    }

    /**
     * The mapping that keeps every type unchanged.
     *
     * @return the identity mapping
     */
    public static LabelMapping identity() {
        return new LabelMapping("identity", Map.of(), true);
    }

    /**
     * Loads a mapping file.
     *
     * @param file the file
     * @return the mapping
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException on a malformed line, naming file and line
     */
    public static LabelMapping load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(file.toString(), in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read label mapping " + file, e);
        }
    }

    /**
     * Loads a built-in mapping by name ({@code conll2003-en}, {@code wnut17-en}, {@code factrueval-ru},
     * {@code bsnlp-ru}, …) or, when {@code nameOrPath} names an existing file, that file.
     *
     * @param nameOrPath resource name or file path
     * @return the mapping
     * @throws IllegalArgumentException when neither a resource nor a file of that name exists
     */
    public static LabelMapping resource(String nameOrPath) {
        if ("identity".equals(nameOrPath)) {
            return identity();
        }
        Path p = Path.of(nameOrPath);
        if (Files.isRegularFile(p)) {
            return load(p);
        }
        String res = RESOURCE_DIR + nameOrPath + ".tsv";
        InputStream in = LabelMapping.class.getClassLoader().getResourceAsStream(res);
        if (in == null) {
            throw new IllegalArgumentException("unknown label mapping '" + nameOrPath
                    + "': neither a file nor a built-in mapping (classpath " + res + ")");
        }
        try (in) {
            return parse(nameOrPath, in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read label mapping " + res, e);
        }
    }

    private static LabelMapping parse(String name, InputStream in) throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int no = 0;
        while ((line = r.readLine()) != null) {
            no++;
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] parts = content.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException(name + ":" + no + ": expected 'source<TAB>target', found '"
                        + line + "'");
            }
            String previous = map.put(parts[0], parts[1]);
            if (previous != null) {
                throw new IllegalArgumentException(name + ":" + no + ": type '" + parts[0]
                        + "' is mapped twice (" + previous + " and " + parts[1] + ")");
            }
        }
        return new LabelMapping(name, map, false);
    }

    /**
     * Maps a type.
     *
     * @param type the corpus type
     * @return the common type, or empty when the mapping drops it
     * @throws IllegalArgumentException when the mapping does not mention the type
     */
    public Optional<String> map(String type) {
        if (identity) {
            return Optional.of(type);
        }
        String target = map.get(type);
        if (target == null) {
            throw new IllegalArgumentException("label mapping '" + name + "' has no entry for type '" + type
                    + "'; known types: " + map.keySet());
        }
        return DROP.equals(target) ? Optional.empty() : Optional.of(target);
    }

    /**
     * The mapping's name (resource name or file path).
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The declared pairs, in file order.
     *
     * @return source type to target type ({@code -} = dropped)
     */
    public Map<String, String> entries() {
        return map;
    }
}
