package io.github.bertner.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the lines of a CoNLL-2003 file ({@code WORD POS CHUNK NER}, single spaces, blank line
 * between sentences, {@code -DOCSTART-} line between documents) into documents and sentences.
 *
 * <p>Any line whose first field is {@code -DOCSTART-} starts a document, whatever its other columns
 * ({@code eng.train} has {@code -DOCSTART- -X- O O}, {@code eng.testb} {@code -DOCSTART- -X- -X- O}).
 * Token lines before the first {@code -DOCSTART-} form an implicit first document (counted as
 * {@code quirks.missingDocstart}). The CHUNK column is validated but not kept. Tags are not
 * interpreted here; see {@link EntityDecoding}.
 *
 * <p>Counted quirks: {@code quirks.extraBlankLines} (a blank line after a blank line),
 * {@code quirks.whitespaceLines} (blank after stripping but not empty),
 * {@code quirks.missingFinalBlankLine}.
 */
public final class Conll2003Parser {

    /** The marker in the first column of a document-boundary line. */
    public static final String DOCSTART = "-DOCSTART-";

    private static final int COLUMNS = 4;

    private Conll2003Parser() {
    }

    /**
     * Parses one file.
     *
     * @param file   file name, for ids and messages
     * @param text   the decoded lines
     * @param policy what to do with malformed lines
     * @param report receives quirk counters and issues
     * @return the documents in file order (tags undecoded), without the skipped ones
     * @throws ReaderException for malformed input under {@link AlignmentPolicy#FAIL}
     */
    public static List<ColumnDocument> parse(String file, TextLines text, AlignmentPolicy policy, ReadReport report) {
        return new State(file, policy, report).run(text.lines());
    }

    private static final class State {
        private final PolicyGate gate;
        private final ReadReport report;
        private final String file;
        private final List<ColumnDocument> documents = new ArrayList<>();
        private List<ColumnSentence> docSentences;
        private int docIndex;
        private int docLine;
        private boolean docBroken;
        private List<ColumnToken> tokens = new ArrayList<>();
        private int sentenceLine;
        private boolean sentenceBroken;
        private int tokenLines;

        State(String file, AlignmentPolicy policy, ReadReport report) {
            this.file = file;
            this.report = report;
            this.gate = new PolicyGate(file, policy, report);
        }

        List<ColumnDocument> run(List<String> lines) {
            boolean previousBlank = true;
            for (int i = 0; i < lines.size(); i++) {
                int lineNo = i + 1;
                String line = lines.get(i);
                if (line.strip().isEmpty()) {
                    if (!line.isEmpty()) {
                        report.count("quirks.whitespaceLines");
                    }
                    if (previousBlank) {
                        report.count("quirks.extraBlankLines");
                    }
                    previousBlank = true;
                    endSentence();
                    continue;
                }
                previousBlank = false;
                String[] fields = line.split(" ", -1);
                if (fields[0].equals(DOCSTART)) {
                    endSentence();
                    endDocument();
                    startDocument(lineNo);
                    // the blank line after -DOCSTART- is part of the format, not an extra one
                    previousBlank = false;
                    continue;
                }
                tokenLines++;
                if (docSentences == null) {
                    report.count("quirks.missingDocstart");
                    startDocument(lineNo);
                }
                if (tokens.isEmpty()) {
                    sentenceLine = lineNo;
                }
                if (fields.length != COLUMNS) {
                    String hint = line.indexOf('\t') >= 0
                            ? " (TAB characters are not column separators in CoNLL-2003)" : "";
                    fail(lineNo, "malformed-line", COLUMNS + " space-separated columns",
                            fields.length + ": '" + line + "'" + hint);
                    continue;
                }
                if (fields[0].isEmpty() || fields[3].isEmpty()) {
                    fail(lineNo, "malformed-line", "a non-empty WORD and NER column", "'" + line + "'");
                    continue;
                }
                tokens.add(new ColumnToken(fields[0], fields[1], fields[3], lineNo));
            }
            if (!lines.isEmpty() && !previousBlank) {
                report.count("quirks.missingFinalBlankLine");
            }
            endSentence();
            endDocument();
            if (tokenLines == 0) {
                gate.reject(lines.isEmpty() ? 1 : lines.size(), null, "empty-file", "at least one token line",
                        "none (" + lines.size() + " lines)", "file skipped");
                documents.clear();
            }
            return documents;
        }

        private void fail(int lineNo, String kind, String expected, String found) {
            gate.reject(lineNo, file + "#" + docIndex, kind, expected, found, "sentence skipped");
            if (gate.policy() == AlignmentPolicy.SKIP_DOCUMENT) {
                docBroken = true;
            }
            sentenceBroken = true;
        }

        private void startDocument(int lineNo) {
            docIndex++;
            docLine = lineNo;
            docSentences = new ArrayList<>();
            docBroken = false;
        }

        private void endSentence() {
            if (!tokens.isEmpty() || sentenceBroken) {
                if (!sentenceBroken) {
                    docSentences.add(new ColumnSentence(tokens, sentenceLine, List.of()));
                }
                tokens = new ArrayList<>();
                sentenceBroken = false;
            }
        }

        private void endDocument() {
            if (docSentences != null && !docBroken) {
                documents.add(new ColumnDocument(file, docIndex, docLine, docSentences));
            }
            docSentences = null;
        }
    }
}
