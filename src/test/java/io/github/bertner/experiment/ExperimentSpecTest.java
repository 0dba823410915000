package io.github.bertner.experiment;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.bertner.io.CorpusFormat;
import io.github.bertner.tagging.TagScheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentSpecTest {

    private static ExperimentSpec parse(String json) {
        return ExperimentSpec.fromJson(JsonParser.parseString(json).getAsJsonObject());
    }

    @Test
    void exampleSpecReads() throws Exception {
        ExperimentSpec s = ExperimentSpec.read(Path.of("examples/experiments/tiny-cv.json"));
        assertEquals("tiny-cv", s.name());
        assertEquals(Path.of("target/experiments/tiny-cv"), s.out());
        assertEquals(List.of(new CorpusRef(CorpusFormat.CONLL2003, "conll2003-en", null,
                Path.of("src/test/resources/experiment/four-documents.conll"))), s.train());
        assertEquals(List.of("sample"), List.copyOf(s.test().keySet()));
        assertEquals(2, s.folds());
        assertEquals(List.of(7L), s.seeds());
        List<Map<Parameter, String>> settings = s.settings();
        assertEquals(2, settings.size());
        // numbers keep the file's spelling
        assertEquals("1e-3", settings.get(0).get(Parameter.LR));
        assertEquals("5e-4", settings.get(1).get(Parameter.LR));
        assertEquals("tiny", settings.get(1).get(Parameter.PRESET));
        assertEquals(ExperimentSpec.HELD_OUT, s.selection());
        RunSettings typed = RunSettings.of(settings.get(0));
        assertEquals(0.001, typed.lr());
        assertEquals(32, typed.maxLength());
        assertEquals(TagScheme.IOB2, typed.scheme(), "default of bertner train");
        assertNull(typed.base());
    }

    @Test
    void gridIsTheCartesianProductFirstParameterSlowest() {
        ExperimentSpec s = parse("{\"name\": \"g\", \"format\": \"conll2003\", \"train\": [\"a.conll\"],"
                + " \"test\": [\"b.conll\"], \"grid\": {\"lr\": [\"1e-3\", \"1e-4\"], \"epochs\": [1, 2]}}");
        List<String> labels = s.settings().stream()
                .map(m -> m.get(Parameter.LR) + "/" + m.get(Parameter.EPOCHS)).toList();
        assertEquals(List.of("1e-3/1", "1e-3/2", "1e-4/1", "1e-4/2"), labels);
        assertEquals(List.of("test"), List.copyOf(s.test().keySet()), "a test array is the set named test");
        assertEquals("test", s.selection(), "no dev and no folds: chosen on the test set (the table says so)");
    }

    @Test
    void corpusObjectsCarryTheirLanguage() {
        ExperimentSpec s = parse("{\"name\": \"l\", \"language\": \"ru\", \"train\": [\"bsnlp:x\","
                + " {\"corpus\": \"bsnlp:x\", \"language\": \"bg\"}, {\"corpus\": \"bsnlp:x\", \"language\": \"uk\"}],"
                + " \"dev-split\": 0.1, \"test\": [\"bsnlp:z\"]}");
        // the same folder in three languages is three corpora
        assertEquals(3, s.train().size());
        assertNull(s.train().get(0).language());
        assertEquals("bg", s.train().get(1).language());
        assertEquals("uk", s.train().get(2).language());
        assertEquals("bsnlp:x (language bg)", s.train().get(1).toString());
        assertEquals(ExperimentSpec.DEV, s.selection());
        assertEquals(s, ExperimentSpec.fromJson(s.toJson()), "toJson round-trips");
    }

    @Test
    void corpusObjectsCarryTheirFactRuEvalExtent() {
        ExperimentSpec s = parse("{\"name\": \"e\", \"format\": \"factrueval\", \"train\": [\"d\"],"
                + " \"test\": {\"object\": [\"t\"], \"names\": [{\"corpus\": \"t\", \"extent\": \"names\"}]}}");
        assertNull(s.test().get("object").get(0).extent());
        assertEquals(io.github.bertner.io.FactRuEvalExtent.NAMES, s.test().get("names").get(0).extent());
        assertEquals("factrueval:t (extent names)", s.test().get("names").get(0).toString());
        assertEquals(s, ExperimentSpec.fromJson(s.toJson()), "toJson round-trips");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> parse(
                "{\"name\": \"e\", \"format\": \"factrueval\", \"train\": [{\"corpus\": \"d\", \"extent\": \"name\"}],"
                        + " \"test\": [\"t\"]}"));
        assertEquals("train: extent: expected object or names, found 'name'", bad.getMessage());
        IllegalArgumentException notFactRu = assertThrows(IllegalArgumentException.class, () -> parse(
                "{\"name\": \"e\", \"train\": [{\"corpus\": \"conll2003:d\", \"extent\": \"names\"}],"
                        + " \"test\": [\"conll2003:t\"]}"));
        assertEquals("d: extent applies to factrueval corpora only, found format conll2003", notFactRu.getMessage());
    }

    @Test
    void corpusObjectsCarryTheirMentionFilter() {
        ExperimentSpec s = parse("{\"name\": \"m\", \"format\": \"brat\", \"train\": [{\"corpus\": \"n\","
                + " \"mentions\": \"capitalized\"}, \"n\"], \"test\": [\"t\"]}");
        assertEquals(io.github.bertner.io.MentionFilter.CAPITALIZED, s.train().get(0).mentions());
        assertNull(s.train().get(1).mentions());
        assertEquals("brat:n (mentions capitalized)", s.train().get(0).toString());
        assertEquals(s, ExperimentSpec.fromJson(s.toJson()), "toJson round-trips");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> parse(
                "{\"name\": \"m\", \"format\": \"brat\", \"train\": [{\"corpus\": \"n\", \"mentions\": \"upper\"}],"
                        + " \"test\": [\"t\"]}"));
        assertEquals("train: mentions: expected all or capitalized, found 'upper'", bad.getMessage());
    }

    @Test
    void everyExampleSpecReadsAndNamesExistingSharedDataPaths() throws IOException {
        List<Path> specs;
        try (var files = Files.list(Path.of("examples/experiments"))) {
            specs = files.filter(p -> p.toString().matches(".*\\.(json|yaml)")).sorted().toList();
        }
        assertTrue(specs.size() >= 10, "found " + specs);
        boolean data = Files.isDirectory(Path.of("../shared/data"));
        for (Path p : specs) {
            ExperimentSpec s = ExperimentSpec.read(p);
            String file = p.getFileName().toString();
            assertEquals(file, s.name() + file.substring(file.lastIndexOf('.')), "file name is the spec name");
            if (data) {
                List<CorpusRef> all = new java.util.ArrayList<>(s.train());
                s.test().values().forEach(all::addAll);
                for (CorpusRef r : all) {
                    assertTrue(Files.exists(r.path()), p + ": " + r);
                }
            }
        }
    }

    @Test
    void errorsNameTheKeyAndTheValue(@TempDir Path dir) throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(
                "{\"name\": \"e\", \"format\": \"conll2003\", \"train\": [\"a\"], \"test\": [\"b\"], \"seed\": 1}"));
        assertTrue(e.getMessage().contains("unknown key 'seed'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse(
                "{\"name\": \"e\", \"format\": \"conll2003\", \"train\": [\"a\"], \"test\": [\"b\"], \"grid\": {\"lr\": [\"fast\"]}}"));
        assertEquals("lr: expected a number >= 0, found 'fast'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse(
                "{\"name\": \"e\", \"format\": \"conll2003\", \"train\": [\"a\"], \"test\": [\"b\"], \"parameters\": {\"learning-rate\": 1}}"));
        assertTrue(e.getMessage().startsWith("unknown parameter 'learning-rate', expected one of base, preset"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse(
                "{\"name\": \"e\", \"format\": \"conll2003\", \"train\": [\"a\"], \"folds\": 1}"));
        assertEquals("e: expected folds = 0 (no cross-validation) or >= 2, found 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse(
                "{\"name\": \"e\", \"train\": [\"a\"], \"test\": [\"b\"]}"));
        assertEquals("a: no corpus format; set \"format\" or write format:path", e.getMessage());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"name\": \"e\", \"format\": \"conll2003\", \"train\": [\"a\"], \"test\": [\"b\"], \"parameters\": {\"epochs\": 0}}");
        IOException io = assertThrows(IOException.class, () -> ExperimentSpec.read(bad));
        assertEquals(bad + ": epochs: expected a positive integer, found '0'", io.getMessage());
    }

    @Test
    void aYamlSpecIsItsJsonTwin() throws IOException {
        ExperimentSpec json = ExperimentSpec.read(Path.of("examples/experiments/tiny-cv.json"));
        ExperimentSpec yaml = ExperimentSpec.read(Path.of("examples/experiments/tiny-cv.yaml"));
        assertEquals(json, yaml);
        assertEquals(json.toJson(), yaml.toJson());
        assertEquals(List.of("1e-3", "5e-4"), yaml.settings().stream().map(m -> String.valueOf(m.get(Parameter.LR)))
                .toList(), "numbers keep their spelling");
    }

    @Test
    void yamlValuesFollowYaml11AndKeepTheirSpelling() {
        JsonObject o = YamlSpecs.toJson("""
                a: 5e-4
                b: 1_000
                c: +.5
                d: yes
                e: ~
                f: '010'
                g: 2026-12-04
                h: [1, two]
                """).getAsJsonObject();
        assertEquals("5e-4", o.get("a").getAsJsonPrimitive().getAsNumber().toString());
        assertEquals(1000, o.get("b").getAsInt());
        assertEquals("0.5", o.get("c").getAsJsonPrimitive().getAsNumber().toString());
        assertTrue(o.get("d").getAsBoolean());
        assertTrue(o.get("e").isJsonNull());
        assertEquals("010", o.get("f").getAsString());
        assertTrue(o.get("f").getAsJsonPrimitive().isString());
        assertEquals("2026-12-04", o.get("g").getAsString());
        assertEquals("[1,\"two\"]", o.get("h").toString());
        assertTrue(YamlSpecs.toJson("").isJsonNull());
    }

    @Test
    void yamlErrorsNameTheLine(@TempDir Path dir) throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> YamlSpecs.toJson("name: a\nseeds: [1]\nname: b\n"));
        assertEquals("line 3, column 1: duplicate key 'name'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> YamlSpecs.toJson("epochs: 010\n"));
        assertEquals("line 1, column 9: expected a decimal number, found '010' (a leading zero makes it octal in"
                + " YAML 1.1; drop the zero or quote the value)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> YamlSpecs.toJson("lr: .inf\n"));
        assertEquals("line 1, column 5: expected a decimal number, found '.inf'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> YamlSpecs.toJson("x: !!java.io.File /tmp\n"));
        assertEquals("not valid YAML: line 1, column 4: Global tag is not allowed: tag:yaml.org,2002:java.io.File",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> YamlSpecs.toJson("x: !mine /tmp\n"));
        assertEquals("line 1, column 4: expected a string, number, boolean or null, found tag !mine on '/tmp'",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> YamlSpecs.toJson("[a, b]: 1\n"));
        assertEquals("line 1, column 1: expected a plain key, found a sequence", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> YamlSpecs.toJson("a: [1, 2\nb: 3\n"));
        assertTrue(e.getMessage().startsWith("not valid YAML: line 2, column 2: "), e.getMessage());

        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, "name: e\nformat: conll2003\ntrain: [a]\ntest: [b]\nparameters:\n  epochs: 0\n");
        IOException io = assertThrows(IOException.class, () -> ExperimentSpec.read(bad));
        assertEquals(bad + ": epochs: expected a positive integer, found '0'", io.getMessage());
        Path list = dir.resolve("list.yaml");
        Files.writeString(list, "- a\n- b\n");
        io = assertThrows(IOException.class, () -> ExperimentSpec.read(list));
        assertEquals(list + ": expected a YAML mapping at the top, found [\"a\",\"b\"]", io.getMessage());
    }

    @Test
    void foldsAreDeterministicAndBalanced() {
        int[] a = Folds.assign(10, 3, 1);
        assertArrayEquals(a, Folds.assign(10, 3, 1));
        int[] sizes = new int[3];
        for (int f : a) {
            sizes[f]++;
        }
        Arrays.sort(sizes);
        assertArrayEquals(new int[] {3, 3, 4}, sizes);
        // java.util.Random's sequence is fixed by the Java specification, so this holds on every JVM
        assertArrayEquals(new int[] {1, 0, 1, 0}, Folds.assign(4, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> Folds.assign(2, 3, 1));
    }

    @Test
    void specWithoutCorpusFormatOrTestIsRejected() {
        JsonObject o = new JsonObject();
        o.addProperty("name", "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExperimentSpec.fromJson(o));
        assertEquals("missing key 'train'", e.getMessage());
    }
}
