package io.github.bertner.io;

import io.github.bertner.tagging.LabelMapping;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Counts on the real corpora under {@code bertner.data.dir} must equal the tables of its README.md.
 * Skipped when the data is absent.
 */
class RealDataCountsTest {

    private static Path data(String sub) {
        String dir = System.getProperty("bertner.data.dir");
        assumeTrue(dir != null, "bertner.data.dir not set");
        Path p = Path.of(dir).resolve(sub);
        assumeTrue(Files.isDirectory(p), "no data at " + p);
        return p;
    }

    private static ReadReport readFactRuEval(Path dir) {
        ReadReport report = new ReadReport();
        FactRuEvalParser parser = new FactRuEvalParser(AlignmentPolicy.FAIL, LabelMapping.identity(), report);
        CorpusFiles.select(dir, List.of("*.tokens")).stream().map(FactRuEvalParser::documentKey)
                .forEach(parser::read);
        return report;
    }

    private static ReadReport readBrat(Path dir) {
        ReadReport report = new ReadReport();
        BratParser parser = new BratParser(AlignmentPolicy.FAIL, LabelMapping.identity(), report);
        CorpusFiles.select(dir, List.of("*.ann")).stream().map(BratParser::documentKey).forEach(parser::read);
        return report;
    }

    private static Map<String, Long> pick(ReadReport report, String... counters) {
        Map<String, Long> m = new TreeMap<>();
        for (String c : counters) {
            m.put(c, report.get(c));
        }
        return m;
    }

    private static Map<String, Long> expect(Object... pairs) {
        Map<String, Long> m = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], ((Number) pairs[i + 1]).longValue());
        }
        return m;
    }

    @Test
    void factRuEvalDevset() {
        ReadReport r = readFactRuEval(data("factRuEval-2016/devset"));
        Map<String, Long> expected = expect("documents", 122, "sentences", 1769, "tokens", 30940, "spans", 4084,
                "objects", 2611, "entities", 2611, "entities.Person", 741, "entities.Org", 787,
                "entities.LocOrg", 553, "entities.Location", 529, "entities.Project", 1, "entities.Facility", 0,
                "spans.n_tokens_disagrees", 1);
        assertEquals(expected, pick(r, expected.keySet().toArray(String[]::new)), r.format());
        assertEquals(List.of(), r.issues());
    }

    @Test
    void factRuEvalTestset() {
        ReadReport r = readFactRuEval(data("factRuEval-2016/testset"));
        Map<String, Long> expected = expect("documents", 132, "sentences", 3138, "tokens", 59382, "spans", 7670,
                "objects", 5019, "entities", 5019, "entities.Person", 1388, "entities.Org", 2034,
                "entities.LocOrg", 846, "entities.Location", 728, "entities.Project", 21, "entities.Facility", 2,
                "spans.n_tokens_disagrees", 0);
        assertEquals(expected, pick(r, expected.keySet().toArray(String[]::new)), r.format());
        assertEquals(List.of(), r.issues());
    }

    @Test
    void bsnlpRussian() {
        Path dir = data("bsnlp2019");
        ReadReport r = new ReadReport();
        BsnlpParser parser = new BsnlpParser(AlignmentPolicy.FAIL, LabelMapping.identity(), r);
        CorpusFiles.select(dir, List.of("**/annotated/ru/*.out")).forEach(parser::read);
        Map<String, Long> expected = expect("documents", 571, "mentions.lines", 9455, "mentions.found_exact", 9450);
        assertEquals(expected, pick(r, expected.keySet().toArray(String[]::new)), r.format());
    }

    @Test
    void rurebus() {
        Path dir = data("rurebus");
        ReadReport r = readBrat(dir.resolve("train_part_1"));
        assertEquals(22137, r.get("entities"), r.format());
    }

    @Test
    void nerel() {
        Path dir = data("nerel/NEREL-v1.1");
        ReadReport r = readBrat(dir.resolve("train"));
        assertEquals(44867, r.get("entities"), r.format());
    }
}
