package io.github.bertner.training;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Unlabelled text for MLM pretraining and vocabulary building: plain {@code .txt} files (UTF-8) and
 * Reuters-21578 {@code .sgm} files, given as files or folders (searched recursively, sorted by path
 * so the order is reproducible). Texts are split into non-blank lines.
 */
public final class RawTextCorpus {

    private static final Logger LOG = LoggerFactory.getLogger(RawTextCorpus.class);

    private RawTextCorpus() {
    }

    /**
     * Lines of text with counts.
     *
     * @param lines        non-blank lines, stripped
     * @param files        number of files read
     * @param invalidBytes bytes that were not valid UTF-8 (decoded as ISO-8859-1)
     */
    public record Text(List<String> lines, int files, int invalidBytes) {
    }

    /**
     * Documents of text with counts.
     *
     * @param texts        one text per document: a Reuters-21578 article body, or a whole {@code .txt} file
     * @param files        number of files read
     * @param invalidBytes bytes that were not valid UTF-8 (decoded as ISO-8859-1)
     */
    public record Documents(List<String> texts, int files, int invalidBytes) {
    }

    /**
     * Reads every {@code .txt} and {@code .sgm} file under the given paths as lines.
     *
     * @param paths files or folders
     * @return the non-blank lines, stripped
     * @throws IOException when a path does not exist or cannot be read
     */
    public static Text read(List<Path> paths) throws IOException {
        Documents docs = documents(paths);
        List<String> lines = new ArrayList<>();
        docs.texts().forEach(t -> addLines(t, lines));
        LOG.info("read {} lines from {} files ({} invalid UTF-8 bytes)", lines.size(), docs.files(),
                docs.invalidBytes());
        return new Text(lines, docs.files(), docs.invalidBytes());
    }

    /**
     * Reads every {@code .txt} and {@code .sgm} file under the given paths as documents, in sorted file order:
     * each article of a Reuters-21578 {@code .sgm} file, each {@code .txt} file whole.
     *
     * @param paths files or folders
     * @return the documents
     * @throws IOException when a path does not exist, holds no text file, or cannot be read
     */
    public static Documents documents(List<Path> paths) throws IOException {
        List<String> texts = new ArrayList<>();
        int files = 0;
        int invalid = 0;
        for (Path root : paths) {
            if (!Files.exists(root)) {
                throw new IOException(root + ": no such file or folder");
            }
            List<Path> found;
            try (Stream<Path> s = Files.walk(root)) {
                found = s.filter(Files::isRegularFile).filter(RawTextCorpus::isText).sorted().toList();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (found.isEmpty()) {
                throw new IOException(root + ": expected .txt or .sgm files, found none");
            }
            for (Path f : found) {
                files++;
                if (f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".sgm")) {
                    ReutersSgml.Result r = ReutersSgml.read(f);
                    invalid += r.invalidBytes();
                    texts.addAll(r.bodies());
                } else {
                    int[] bad = new int[1];
                    String text = ReutersSgml.decodeUtf8OrLatin1(Files.readAllBytes(f), bad);
                    if (bad[0] > 0) {
                        LOG.warn("{}: {} byte(s) not valid UTF-8, decoded as ISO-8859-1", f, bad[0]);
                    }
                    invalid += bad[0];
                    texts.add(text);
                }
            }
        }
        return new Documents(texts, files, invalid);
    }

    /** Corpus documentation files (README.txt, LICENSE.txt) are not text to learn from. */
    private static boolean isText(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.startsWith("readme") || n.startsWith("license")) {
            LOG.info("skipping documentation file {}", p);
            return false;
        }
        return n.endsWith(".txt") || n.endsWith(".sgm");
    }

    private static void addLines(String text, List<String> out) {
        for (String line : text.split("\\R")) {
            String s = line.strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
    }

    /**
     * Encoding statement for reports.
     *
     * @return the policy in one sentence
     */
    public static String encodingPolicy() {
        return "UTF-8; bytes that are not valid UTF-8 are decoded as ISO-8859-1 and counted";
    }
}
