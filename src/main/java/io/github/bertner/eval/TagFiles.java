package io.github.bertner.eval;

import io.github.bertner.tagging.Tag;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads word-level tags from column files.
 *
 * <p>Common rules: columns are separated by whitespace; a blank line ends a sentence; a line whose first
 * column is {@code -DOCSTART-} is skipped (conlleval.pl itself would count it as an {@code O} token, which
 * only changes its accuracy); every tag must parse as {@code O} or {@code <B|I|E|S|L|U>-TYPE}. Sentence ids
 * are {@code <file name>:<line of the first token>}. Errors name the file, the line and the value.
 */
public final class TagFiles {

    private static final Pattern WS = Pattern.compile("\\s+");
    private static final String DOCSTART = "-DOCSTART-";

    private TagFiles() {
    }

    /**
     * Reads a conlleval-style file: {@code token ... gold predicted} per line, the last two columns being the
     * gold and predicted tags; all lines must have the same number of columns (at least 3).
     *
     * @param file the file
     * @return the sentences
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException for malformed lines, naming file and line
     */
    public static List<EvalSentence> readConlleval(Path file) throws IOException {
        List<EvalSentence> out = new ArrayList<>();
        String name = file.getFileName().toString();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            SentenceBuilder sb = new SentenceBuilder(name);
            int columns = -1;
            int columnsLine = 0;
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    sb.flush(out);
                    continue;
                }
                String[] f = WS.split(trimmed);
                if (f[0].equals(DOCSTART)) {
                    sb.flush(out);
                    continue;
                }
                if (f.length < 3) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": expected at least 3 columns "
                            + "(token ... gold predicted), found " + f.length + ": '" + trimmed + "'");
                }
                if (columns < 0) {
                    columns = f.length;
                    columnsLine = lineNo;
                } else if (f.length != columns) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": expected " + columns
                            + " columns as on line " + columnsLine + ", found " + f.length + ": '" + trimmed + "'");
                }
                String gold = check(file, lineNo, f[f.length - 2]);
                String pred = check(file, lineNo, f[f.length - 1]);
                sb.add(lineNo, f[0], gold, pred);
            }
            sb.flush(out);
        }
        return out;
    }

    /**
     * Reads a gold and a predicted CoNLL file ({@code token ... tag}, the tag in the last column) that must have
     * the same tokens line by line.
     *
     * @param goldFile gold file
     * @param predFile predicted file
     * @return the sentences
     * @throws IOException when a file cannot be read
     * @throws IllegalArgumentException when the files differ in tokens or layout, naming both files and the line
     */
    public static List<EvalSentence> readPair(Path goldFile, Path predFile) throws IOException {
        List<String> g = Files.readAllLines(goldFile, StandardCharsets.UTF_8);
        List<String> p = Files.readAllLines(predFile, StandardCharsets.UTF_8);
        List<EvalSentence> out = new ArrayList<>();
        SentenceBuilder sb = new SentenceBuilder(goldFile.getFileName().toString());
        int n = Math.max(g.size(), p.size());
        for (int i = 0; i < n; i++) {
            int lineNo = i + 1;
            String gl = i < g.size() ? g.get(i).strip() : null;
            String pl = i < p.size() ? p.get(i).strip() : null;
            if (gl == null || pl == null) {
                if ((gl == null || gl.isEmpty()) && (pl == null || pl.isEmpty())) {
                    continue;
                }
                throw new IllegalArgumentException("files differ in length: " + (gl == null ? goldFile : predFile)
                        + " ends at line " + (lineNo - 1) + " but " + (gl == null ? predFile : goldFile)
                        + ":" + lineNo + " still has '" + (gl == null ? pl : gl) + "'");
            }
            if (gl.isEmpty() || pl.isEmpty()) {
                if (!gl.isEmpty() || !pl.isEmpty()) {
                    throw new IllegalArgumentException("sentence boundaries differ at line " + lineNo + ": "
                            + goldFile + ":" + lineNo + " is '" + gl + "', " + predFile + ":" + lineNo + " is '"
                            + pl + "'");
                }
                sb.flush(out);
                continue;
            }
            String[] gf = WS.split(gl);
            String[] pf = WS.split(pl);
            if (!gf[0].equals(pf[0])) {
                throw new IllegalArgumentException("tokens differ at line " + lineNo + ": " + goldFile + ":" + lineNo
                        + " has '" + gf[0] + "', " + predFile + ":" + lineNo + " has '" + pf[0] + "'");
            }
            if (gf[0].equals(DOCSTART)) {
                sb.flush(out);
                continue;
            }
            if (gf.length < 2 || pf.length < 2) {
                Path bad = gf.length < 2 ? goldFile : predFile;
                throw new IllegalArgumentException(bad + ":" + lineNo + ": expected at least 2 columns (token tag), "
                        + "found 1: '" + (gf.length < 2 ? gl : pl) + "'");
            }
            sb.add(lineNo, gf[0], check(goldFile, lineNo, gf[gf.length - 1]), check(predFile, lineNo,
                    pf[pf.length - 1]));
        }
        sb.flush(out);
        return out;
    }

    private static String check(Path file, int line, String tag) {
        try {
            Tag.parse(tag);
            return tag;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ":" + line + ": " + e.getMessage(), e);
        }
    }

    /** Collects the lines of one sentence. */
    private static final class SentenceBuilder {
        private final String name;
        private final List<String> tokens = new ArrayList<>();
        private final List<String> gold = new ArrayList<>();
        private final List<String> pred = new ArrayList<>();
        private int firstLine;

        SentenceBuilder(String name) {
            this.name = name;
        }

        void add(int line, String token, String g, String p) {
            if (tokens.isEmpty()) {
                firstLine = line;
            }
            tokens.add(token);
            gold.add(g);
            pred.add(p);
        }

        void flush(List<EvalSentence> out) {
            if (!tokens.isEmpty()) {
                out.add(new EvalSentence(name + ":" + firstLine, tokens, gold, pred));
                tokens.clear();
                gold.clear();
                pred.clear();
            }
        }
    }
}
