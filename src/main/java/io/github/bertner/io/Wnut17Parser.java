package io.github.bertner.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the lines of a WNUT-17 file ({@code TOKEN<TAB>TAG}, one token per line) into sentences and
 * groups them into documents of a fixed number of sentences.
 *
 * <p>A line is a sentence boundary when it is blank after stripping: {@code wnut17train.conll} ends
 * 2,394 sentences with a line holding a single TAB. Such lines are counted as
 * {@code quirks.whitespaceBoundaryLines}. WNUT-17 has no document markers; every sentence is one
 * post (tweet, Reddit comment, ...), so the natural document is one sentence, and larger groups only
 * save CAS overhead.
 *
 * <p>Other counted quirks: {@code quirks.extraBlankLines}, {@code quirks.missingFinalBlankLine}.
 */
public final class Wnut17Parser {

    private static final int COLUMNS = 2;

    private Wnut17Parser() {
    }

    /**
     * Parses one file.
     *
     * @param file                 file name, for ids and messages
     * @param text                 the decoded lines
     * @param sentencesPerDocument how many sentences make one document (at least 1)
     * @param policy               what to do with malformed lines
     * @param report               receives quirk counters and issues
     * @return the documents in file order (tags undecoded), without the skipped ones; document
     *         numbers count skipped documents too, so ids are stable across policies
     * @throws ReaderException for malformed input under {@link AlignmentPolicy#FAIL}
     */
    public static List<ColumnDocument> parse(String file, TextLines text, int sentencesPerDocument,
                                             AlignmentPolicy policy, ReadReport report) {
        if (sentencesPerDocument < 1) {
            throw new IllegalArgumentException("sentencesPerDocument must be >= 1, found " + sentencesPerDocument);
        }
        PolicyGate gate = new PolicyGate(file, policy, report);
        List<String> lines = text.lines();
        // null entries mark sentences that held a malformed line: they still occupy their slot
        List<ColumnSentence> sentences = new ArrayList<>();
        List<ColumnToken> tokens = new ArrayList<>();
        boolean broken = false;
        int sentenceLine = 0;
        boolean previousBlank = true;
        int tokenLines = 0;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            if (line.strip().isEmpty()) {
                if (!line.isEmpty()) {
                    report.count("quirks.whitespaceBoundaryLines");
                }
                if (previousBlank) {
                    report.count("quirks.extraBlankLines");
                }
                previousBlank = true;
                if (!tokens.isEmpty() || broken) {
                    sentences.add(broken ? null : new ColumnSentence(tokens, sentenceLine, List.of()));
                    tokens = new ArrayList<>();
                    broken = false;
                }
                continue;
            }
            previousBlank = false;
            tokenLines++;
            if (tokens.isEmpty() && !broken) {
                sentenceLine = lineNo;
            }
            String[] fields = line.split("\t", -1);
            String problem = null;
            if (fields.length != COLUMNS) {
                problem = fields.length + ": '" + line + "'";
            } else if (fields[0].isEmpty() || fields[1].isEmpty()) {
                problem = "an empty column: '" + line + "'";
            }
            if (problem != null) {
                int documentIndex = sentences.size() / sentencesPerDocument + 1;
                gate.reject(lineNo, file + "#" + documentIndex, "malformed-line",
                        COLUMNS + " TAB-separated columns (TOKEN<TAB>TAG)", problem, "sentence skipped");
                broken = true;
                continue;
            }
            tokens.add(new ColumnToken(fields[0], null, fields[1], lineNo));
        }
        if (!lines.isEmpty() && !previousBlank) {
            report.count("quirks.missingFinalBlankLine");
        }
        if (!tokens.isEmpty() || broken) {
            sentences.add(broken ? null : new ColumnSentence(tokens, sentenceLine, List.of()));
        }
        if (tokenLines == 0) {
            gate.reject(lines.isEmpty() ? 1 : lines.size(), null, "empty-file", "at least one token line",
                    "none (" + lines.size() + " lines)", "file skipped");
            return List.of();
        }
        List<ColumnDocument> documents = new ArrayList<>();
        for (int start = 0; start < sentences.size(); start += sentencesPerDocument) {
            List<ColumnSentence> group = sentences.subList(start, Math.min(sentences.size(), start + sentencesPerDocument));
            boolean groupBroken = group.contains(null);
            if (groupBroken && policy == AlignmentPolicy.SKIP_DOCUMENT) {
                continue;
            }
            List<ColumnSentence> kept = group.stream().filter(s -> s != null).toList();
            if (kept.isEmpty()) {
                continue;
            }
            documents.add(new ColumnDocument(file, start / sentencesPerDocument + 1, kept.get(0).line(), kept));
        }
        return documents;
    }
}
