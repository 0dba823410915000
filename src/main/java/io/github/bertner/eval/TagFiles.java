package io.github.bertner.eval;

import io.github.bertner.tagging.Tag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        List<String> lines = lines(file);
        {
            SentenceBuilder sb = new SentenceBuilder(name);
            int columns = -1;
            int columnsLine = 0;
            int lineNo = 0;
            for (String line : lines) {
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
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": expected at least one token line (token ... gold predicted), "
                    + "found " + (lines.isEmpty() ? "an empty file" : lines.size() + " line(s) without tokens"));
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
        List<Line> g = content(goldFile);
        List<Line> p = content(predFile);
        List<EvalSentence> out = new ArrayList<>();
        SentenceBuilder sb = new SentenceBuilder(goldFile.getFileName().toString());
        int n = Math.max(g.size(), p.size());
        for (int i = 0; i < n; i++) {
            Line gl = i < g.size() ? g.get(i) : null;
            Line pl = i < p.size() ? p.get(i) : null;
            if (gl == null || pl == null) {
                List<Line> rest = gl == null ? p : g;
                int k = i;
                while (rest.get(k).text().isEmpty()) {
                    k++;
                }
                Line more = rest.get(k);
                Path longer = gl == null ? predFile : goldFile;
                Path shorter = gl == null ? goldFile : predFile;
                throw new IllegalArgumentException(longer + ":" + more.no() + ": expected the end of the file, as "
                        + shorter + " has no more tokens, found '" + more.text() + "'");
            }
            if (gl.text().isEmpty() || pl.text().isEmpty()) {
                if (!gl.text().isEmpty() || !pl.text().isEmpty()) {
                    Line blank = gl.text().isEmpty() ? gl : pl;
                    Line token = gl.text().isEmpty() ? pl : gl;
                    throw new IllegalArgumentException((blank == gl ? predFile : goldFile) + ":" + token.no()
                            + ": expected a sentence boundary as at " + (blank == gl ? goldFile : predFile) + ":"
                            + blank.no() + ", found '" + token.text() + "'");
                }
                sb.flush(out);
                continue;
            }
            String[] gf = WS.split(gl.text());
            String[] pf = WS.split(pl.text());
            if (!gf[0].equals(pf[0])) {
                throw new IllegalArgumentException(predFile + ":" + pl.no() + ": expected token '" + gf[0] + "' as at "
                        + goldFile + ":" + gl.no() + ", found '" + pf[0] + "'");
            }
            if (gf.length < 2 || pf.length < 2) {
                Path bad = gf.length < 2 ? goldFile : predFile;
                Line line = gf.length < 2 ? gl : pl;
                throw new IllegalArgumentException(bad + ":" + line.no() + ": expected at least 2 columns (token tag), "
                        + "found 1: '" + line.text() + "'");
            }
            sb.add(gl.no(), gf[0], check(goldFile, gl.no(), gf[gf.length - 1]), check(predFile, pl.no(),
                    pf[pf.length - 1]));
        }
        sb.flush(out);
        return out;
    }

    /** A stripped line and its 1-based number in the file. */
    private record Line(int no, String text) {
    }

    /**
     * The lines that matter for alignment: {@code -DOCSTART-} lines dropped (a tagger may or may not have
     * written them), runs of blank lines collapsed to one, leading and trailing blank lines dropped.
     */
    private static List<Line> content(Path file) {
        List<String> lines = lines(file);
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (t.startsWith(DOCSTART) && (t.length() == DOCSTART.length()
                    || Character.isWhitespace(t.charAt(DOCSTART.length())))) {
                continue;
            }
            if (t.isEmpty() && (out.isEmpty() || out.get(out.size() - 1).text().isEmpty())) {
                continue;
            }
            out.add(new Line(i + 1, t));
        }
        while (!out.isEmpty() && out.get(out.size() - 1).text().isEmpty()) {
            out.remove(out.size() - 1);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": expected at least one token line, found "
                    + (lines.isEmpty() ? "an empty file" : lines.size() + " line(s) without tokens"));
        }
        return out;
    }

    /**
     * Reads strictly as UTF-8 so that a bad byte is named with its line and byte offset instead of
     * decoded wrongly; CRLF line ends read as LF.
     */
    private static List<String> lines(Path file) {
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s:%d: expected UTF-8 text, found invalid byte 0x%02X at byte offset %d", file, line,
                    bytes[at] & 0xFF, at));
        }
        out.flip();
        String text = out.toString();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = new ArrayList<>(text.lines().toList());
        return lines;
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
