package io.github.bertner.tokenization;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Access to ../shared/data for tests; every method skips the calling test when the data is absent. */
final class TestData {

    /** Words of a sentence with their document offsets (and tags where the source has them). */
    record Sentence(List<String> words, int[] begins, List<String> tags) {
    }

    private TestData() {
    }

    static Path dir() {
        String prop = System.getProperty("bertner.data.dir");
        Path dir = prop == null ? Paths.get("../shared/data") : Paths.get(prop);
        Assumptions.assumeTrue(Files.isDirectory(dir), "no data directory at " + dir);
        return dir;
    }

    static Path file(String relative) {
        Path p = dir().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "missing " + p);
        return p;
    }

    /** CoNLL-2003 sentences; words are laid out as if joined by single spaces. */
    static List<Sentence> conll(String relative, int limit) throws IOException {
        List<Sentence> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (String line : Files.readAllLines(file(relative), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("-DOCSTART-")) {
                if (!words.isEmpty()) {
                    out.add(sentence(words, tags));
                    words = new ArrayList<>();
                    tags = new ArrayList<>();
                    if (out.size() == limit) {
                        break;
                    }
                }
                continue;
            }
            String[] cols = line.split(" ");
            words.add(cols[0]);
            tags.add(cols[cols.length - 1]);
        }
        if (!words.isEmpty() && out.size() < limit) {
            out.add(sentence(words, tags));
        }
        return out;
    }

    private static Sentence sentence(List<String> words, List<String> tags) {
        int[] begins = new int[words.size()];
        int pos = 0;
        for (int i = 0; i < begins.length; i++) {
            begins[i] = pos;
            pos += words.get(i).length() + 1;
        }
        return new Sentence(words, begins, tags);
    }

    /** factRuEval sentences from {@code .tokens} files: real offsets into the {@code .txt} documents. */
    static List<Sentence> factRuEval(String set, int limit) throws IOException {
        Path dir = file("factRuEval-2016/" + set);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".tokens")).sorted().collect(Collectors.toList());
        }
        List<Sentence> out = new ArrayList<>();
        for (Path f : files) {
            String text = Files.readString(Paths.get(f.toString().replace(".tokens", ".txt")), StandardCharsets.UTF_8);
            List<String> words = new ArrayList<>();
            List<Integer> begins = new ArrayList<>();
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    if (!words.isEmpty()) {
                        out.add(new Sentence(words, begins.stream().mapToInt(Integer::intValue).toArray(), null));
                        words = new ArrayList<>();
                        begins = new ArrayList<>();
                        if (out.size() == limit) {
                            return out;
                        }
                    }
                    continue;
                }
                String[] cols = line.split(" ");
                int start = Integer.parseInt(cols[1]);
                int length = Integer.parseInt(cols[2]);
                words.add(text.substring(start, start + length));
                begins.add(start);
            }
            if (!words.isEmpty()) {
                out.add(new Sentence(words, begins.stream().mapToInt(Integer::intValue).toArray(), null));
            }
        }
        return out;
    }

    /** Plain text lines of a list of sentences, for vocabulary learning. */
    static List<String> lines(List<Sentence> sentences) {
        List<String> out = new ArrayList<>();
        for (Sentence s : sentences) {
            out.add(String.join(" ", s.words()));
        }
        return out;
    }
}
