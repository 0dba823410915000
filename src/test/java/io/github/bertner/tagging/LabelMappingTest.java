package io.github.bertner.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelMappingTest {

    @Test
    void mapsDropsAndRejectsUnknownTypes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.tsv");
        Files.writeString(f, "# comment\nperson\tPER\ncorporation\tORG  # trailing comment\nproduct\t-\n");
        LabelMapping m = LabelMapping.load(f);
        assertEquals(Optional.of("PER"), m.map("person"));
        assertEquals(Optional.of("ORG"), m.map("corporation"));
        assertEquals(Optional.empty(), m.map("product"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.map("group"));
        assertTrue(e.getMessage().contains("group"), e.getMessage());
    }

    @Test
    void reportsMalformedLinesWithFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.tsv");
        Files.writeString(f, "person\tPER\nlocation LOC extra\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelMapping.load(f));
        assertTrue(e.getMessage().contains("bad.tsv:2"), e.getMessage());
    }

    @Test
    void identityKeepsTypesAndUnknownResourceIsAnError() {
        assertEquals(Optional.of("X"), LabelMapping.identity().map("X"));
        assertThrows(IllegalArgumentException.class, () -> LabelMapping.resource("no-such-mapping"));
    }
}
