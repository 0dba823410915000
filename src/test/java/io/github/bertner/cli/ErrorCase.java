package io.github.bertner.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One bad-input case of a command family test: the arguments, the exit code the CLI must give and
 * the fragments its single error line must hold.
 *
 * @param name      what is wrong
 * @param code      expected exit code
 * @param args      command line
 * @param fragments texts of the error line (file, line, bad value)
 */
record ErrorCase(String name, int code, List<String> args, List<String> fragments) {

    static ErrorCase of(String name, int code, List<String> args, String... fragments) {
        return new ErrorCase(name, code, args, List.of(fragments));
    }

    @Override
    public String toString() {
        return name;
    }

    static Path write(Path file, String content) {
        return write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path dir(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh folder under target/ for one test class's fixtures. */
    static Path fixtures(String name) {
        Path root = Path.of("target", "error-fixtures", name);
        try {
            if (Files.exists(root)) {
                try (var walk = Files.walk(root)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
