package io.github.bertner.uima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The XML descriptors in {@code descriptors/} are what the uimafit-maven-plugin generates from the
 * component classes at build time. This test fails when they are stale, missing or orphaned.
 * Refresh them with {@code mvn -o test -Dtest=DescriptorsUpToDateTest -Dbertner.updateDescriptors=true}.
 */
class DescriptorsUpToDateTest {

    private static final Path GENERATED = Path.of("target/classes");
    private static final Path CHECKED_IN = Path.of("descriptors");

    @Test
    void checkedInDescriptorsMatchGeneratedOnes() throws IOException {
        Map<String, Path> generated = generatedDescriptors();
        assertTrue(Files.isDirectory(GENERATED), "run the build first: " + GENERATED + " is missing");
        if (Boolean.getBoolean("bertner.updateDescriptors")) {
            Files.createDirectories(CHECKED_IN);
            try (Stream<Path> old = Files.list(CHECKED_IN)) {
                for (Path p : old.filter(p -> p.toString().endsWith(".xml")).toList()) {
                    Files.delete(p);
                }
            }
            for (Map.Entry<String, Path> e : generated.entrySet()) {
                Files.copy(e.getValue(), CHECKED_IN.resolve(e.getKey()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<String> problems = new ArrayList<>();
        Map<String, Path> checkedIn = new TreeMap<>();
        if (Files.isDirectory(CHECKED_IN)) {
            try (Stream<Path> s = Files.list(CHECKED_IN)) {
                s.filter(p -> p.toString().endsWith(".xml")).forEach(p -> checkedIn.put(p.getFileName().toString(), p));
            }
        }
        for (Map.Entry<String, Path> e : generated.entrySet()) {
            Path mine = checkedIn.get(e.getKey());
            if (mine == null) {
                problems.add("missing descriptors/" + e.getKey());
            } else if (!normalize(Files.readString(mine, StandardCharsets.UTF_8))
                    .equals(normalize(Files.readString(e.getValue(), StandardCharsets.UTF_8)))) {
                problems.add("stale descriptors/" + e.getKey());
            }
        }
        for (String name : checkedIn.keySet()) {
            if (!generated.containsKey(name)) {
                problems.add("orphaned descriptors/" + name + " (no such component any more)");
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems) + "\nrefresh with: mvn -o test -Dtest=DescriptorsUpToDateTest"
                    + " -Dbertner.updateDescriptors=true");
        }
        assertEquals(checkedIn.keySet(), generated.keySet());
    }

    /** Descriptors generated for our components, keyed by the fully qualified component name + ".xml". */
    private static Map<String, Path> generatedDescriptors() throws IOException {
        Map<String, Path> out = new TreeMap<>();
        Path root = GENERATED.resolve("io/github/bertner");
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".xml")).toList()) {
                String head = Files.readString(p, StandardCharsets.UTF_8);
                if (head.contains("<analysisEngineDescription") || head.contains("<collectionReaderDescription")
                        || head.contains("<casConsumerDescription")) {
                    String fqn = GENERATED.relativize(p).toString().replace('/', '.');
                    out.put(fqn, p);
                }
            }
        }
        return out;
    }

    private static String normalize(String xml) {
        return xml.replace("\r\n", "\n").strip();
    }
}
