package io.github.bertner.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * File helpers shared by the offset-format readers: strict UTF-8 decoding and DKPro-style file selection.
 */
public final class CorpusFiles {

    /** Prefix of an include pattern, as in DKPro's {@code ResourceCollectionReaderBase}. */
    public static final String INCLUDE_PREFIX = "[+]";
    /** Prefix of an exclude pattern. */
    public static final String EXCLUDE_PREFIX = "[-]";

    private CorpusFiles() {
    }

    /**
     * Reads a whole file as UTF-8, refusing malformed bytes instead of replacing them, so that character
     * offsets can never silently shift.
     *
     * @param file the file
     * @return its text, unchanged (a BOM, if any, stays as U+FEFF)
     * @throws ReaderException naming file, line and byte offset of the first invalid byte, or the I/O error
     */
    public static String readUtf8(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ReaderException(file.toString(), -1, "cannot read file: " + e.getMessage(), e);
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) {
            r = dec.flush(out);
        }
        if (r.isError()) {
            int pos = in.position();
            int line = 1;
            for (int i = 0; i < pos; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new ReaderException(file.toString(), line, String.format(
                    "expected UTF-8 text, found invalid byte 0x%02X at byte offset %d", bytes[pos] & 0xFF, pos));
        }
        out.flip();
        return out.toString();
    }

    /**
     * Splits a text into lines on {@code \n}, dropping one trailing {@code \r} per line so that CRLF and LF
     * files read alike. A final line break does not produce an empty last line.
     *
     * @param text the text
     * @return the lines; line {@code i} of the file is element {@code i - 1}
     */
    public static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(start, end);
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            start = nl < 0 ? text.length() : nl + 1;
        }
        return lines;
    }

    /**
     * Selects files: the location itself when it is a file, otherwise every regular file below it whose
     * path relative to the location matches an include pattern and no exclude pattern. Patterns are
     * globs ({@code **}, {@code *}, {@code ?}, {@code {a,b}}) with an optional {@code [+]} / {@code [-]}
     * prefix; a leading {@code **}{@code /} also matches zero directories, as in Ant.
     *
     * @param location file or directory
     * @param patterns include/exclude patterns (unprefixed = include)
     * @return matching files in lexicographic path order
     * @throws ReaderException when the location does not exist or cannot be listed
     */
    public static List<Path> select(Path location, List<String> patterns) {
        if (Files.isRegularFile(location)) {
            return List.of(location);
        }
        if (!Files.isDirectory(location)) {
            throw new ReaderException(location.toString(), -1, "expected an existing file or directory, found none");
        }
        List<PathMatcher> includes = new ArrayList<>();
        List<PathMatcher> excludes = new ArrayList<>();
        for (String p : patterns) {
            boolean exclude = p.startsWith(EXCLUDE_PREFIX);
            String glob = p.startsWith(INCLUDE_PREFIX) || exclude ? p.substring(3) : p;
            List<PathMatcher> target = exclude ? excludes : includes;
            target.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
            if (glob.startsWith("**/")) {
                target.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)));
            }
        }
        try (Stream<Path> walk = Files.walk(location)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> {
                        Path rel = location.relativize(f);
                        return includes.stream().anyMatch(m -> m.matches(rel))
                                && excludes.stream().noneMatch(m -> m.matches(rel));
                    })
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new ReaderException(location.toString(), -1, "cannot list directory: " + e.getMessage(), e);
        }
    }

    /**
     * The path without its last extension ({@code dir/book_1.tokens} becomes {@code dir/book_1}).
     *
     * @param file a file
     * @return the same path minus the extension
     */
    public static Path stripExtension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? file : file.resolveSibling(name.substring(0, dot));
    }

    /**
     * A sibling with another extension of a document's base path.
     *
     * @param base      path without extension
     * @param extension extension without dot
     * @return {@code base.extension}
     */
    public static Path withExtension(Path base, String extension) {
        return base.resolveSibling(base.getFileName() + "." + extension);
    }
}
