package io.github.bertner.io;

import io.github.bertner.tagging.LabelMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Per-document state shared by the offset-format parsers: applies the {@link AlignmentPolicy}, the label
 * mapping and the counting rules, so that every parser treats bad input the same way.
 */
final class ParseContext {

    /** Thrown inside a parser to abandon the current document under {@link AlignmentPolicy#SKIP_DOCUMENT}. */
    static final class SkipDocument extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ReadIssue issue;

        SkipDocument(ReadIssue issue) {
            super(issue.describe(), null, false, false);
            this.issue = issue;
        }
    }

    private static final int MAX_SHOWN = 120;

    private final AlignmentPolicy policy;
    private final LabelMapping mapping;
    private final ReadReport report;
    private final String file;

    ParseContext(AlignmentPolicy policy, LabelMapping mapping, ReadReport report, String file) {
        this.policy = policy;
        this.mapping = mapping;
        this.report = report;
        this.file = file;
    }

    String file() {
        return file;
    }

    ReadReport report() {
        return report;
    }

    /**
     * An annotation whose offsets do not reproduce its text or miss token boundaries. Returns normally
     * when the caller must drop the annotation.
     */
    void misaligned(String inFile, int line, String id, String kind, String expected, String found) {
        switch (policy) {
            case FAIL -> throw new ReaderException(inFile, line, (id != null ? "[" + id + "] " : "") + kind
                    + ": expected '" + shorten(expected) + "', found '" + shorten(found) + "'");
            case SKIP_ANNOTATION -> report.issue(new ReadIssue(inFile, line, id, kind, shorten(expected),
                    shorten(found), "skipped annotation"));
            case SKIP_DOCUMENT -> throw new SkipDocument(new ReadIssue(inFile, line, id, kind, shorten(expected),
                    shorten(found), "skipped document"));
        }
    }

    /**
     * A problem that leaves nothing of the document usable (missing companion file, undecodable bytes):
     * fatal under {@link AlignmentPolicy#FAIL}, otherwise the document is skipped.
     */
    RuntimeException documentProblem(String inFile, int line, String kind, String expected, String found) {
        if (policy == AlignmentPolicy.FAIL) {
            return new ReaderException(inFile, line, kind + ": expected '" + shorten(expected) + "', found '"
                    + shorten(found) + "'");
        }
        return new SkipDocument(new ReadIssue(inFile, line, null, kind, shorten(expected), shorten(found),
                "skipped document"));
    }

    /**
     * Reads a file as strict UTF-8, turning a decoding error into a document problem; control characters
     * go through {@link ControlCharacters} (the same replacement in every file of a document keeps the
     * covered texts of annotations equal to the text).
     */
    String read(java.nio.file.Path path) {
        if (!java.nio.file.Files.isRegularFile(path)) {
            throw documentProblem(path.toString(), -1, "missing_file", "the companion file "
                    + path.getFileName() + " of document " + file, "no such file");
        }
        try {
            return ControlCharacters.apply(CorpusFiles.readUtf8(path), path.toString(), policy, report);
        } catch (ReaderException e) {
            if (policy == AlignmentPolicy.FAIL) {
                throw e;
            }
            throw new SkipDocument(new ReadIssue(e.file(), e.line(), null, "invalid_encoding", "UTF-8",
                    e.getMessage(), "skipped document"));
        }
    }

    /**
     * Maps a declared corpus type; empty when the mapping drops it (counted as
     * {@code entities.dropped.<type>}).
     */
    Optional<String> mapType(String inFile, int line, String type) {
        Optional<String> mapped;
        try {
            mapped = mapping.map(type);
        } catch (IllegalArgumentException e) {
            throw new ReaderException(inFile, line, e.getMessage(), e);
        }
        if (mapped.isEmpty()) {
            report.count("entities.dropped." + type);
        }
        return mapped;
    }

    /** Records that a document was skipped and why. */
    void skipped(SkipDocument e) {
        report.issue(e.issue);
        report.count("documents.skipped");
    }

    /**
     * Checks that each fragment of each mention starts at a token begin and ends at a token end; a
     * mention that fails is handled by the policy.
     */
    List<Mention> onTokenBoundaries(String text, List<TextRange> tokens, List<Mention> mentions,
                                    List<Integer> lines, String inFile) {
        java.util.BitSet begins = new java.util.BitSet(text.length() + 1);
        java.util.BitSet ends = new java.util.BitSet(text.length() + 1);
        for (TextRange t : tokens) {
            begins.set(t.begin());
            ends.set(t.end());
        }
        List<Mention> kept = new ArrayList<>(mentions.size());
        for (int i = 0; i < mentions.size(); i++) {
            Mention m = mentions.get(i);
            boolean ok = m.fragments().stream().allMatch(f -> begins.get(f.begin()) && ends.get(f.end()));
            if (ok) {
                kept.add(m);
            } else {
                TextRange e = m.extent();
                misaligned(inFile, lines.get(i), m.id(), "not_on_token_boundary",
                        "a mention starting and ending on token boundaries",
                        "[" + e.begin() + "," + e.end() + ") '" + text.substring(e.begin(), e.end()) + "'");
            }
        }
        return kept;
    }

    /** Sorts the mentions, counts everything about the finished document and returns it. */
    CorpusDocument finish(String id, String title, String text, List<TextRange> tokens, List<TextRange> sentences,
                          List<Mention> mentions, int tokenSplits, int sentenceMerges) {
        List<Mention> sorted = new ArrayList<>(mentions);
        sorted.sort((a, b) -> a.extent().compareTo(b.extent()));
        CorpusDocument doc = new CorpusDocument(id, file, title, text, tokens, sentences, sorted);
        report.count("documents");
        report.add("tokens", tokens.size());
        report.add("sentences", sentences.size());
        report.add("entities", sorted.size());
        report.add("tokens.split_for_entity", tokenSplits);
        report.add("sentences.merged_for_entity", sentenceMerges);
        for (Mention m : sorted) {
            report.count("entities." + m.type());
            if (m.isDiscontinuous()) {
                report.count("entities.discontinuous");
            }
        }
        countOverlaps(sorted);
        return doc;
    }

    /**
     * Counts mentions lying inside a longer one ({@code entities.nested}), mentions with the same extent as
     * an earlier one ({@code entities.same_extent}) and mentions that partly overlap another
     * ({@code entities.crossing}).
     */
    private void countOverlaps(List<Mention> sorted) {
        int n = sorted.size();
        int nested = 0;
        int same = 0;
        int crossing = 0;
        for (int i = 0; i < n; i++) {
            TextRange a = sorted.get(i).extent();
            boolean isNested = false;
            boolean isSame = false;
            boolean isCrossing = false;
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                TextRange b = sorted.get(j).extent();
                if (b.begin() >= a.end()) {
                    break;
                }
                if (!a.overlaps(b)) {
                    continue;
                }
                if (a.equals(b)) {
                    isSame |= j < i;
                } else if (a.isInside(b)) {
                    isNested = true;
                } else if (!b.isInside(a)) {
                    isCrossing = true;
                }
            }
            nested += isNested ? 1 : 0;
            same += isSame ? 1 : 0;
            crossing += isCrossing ? 1 : 0;
        }
        report.add("entities.nested", nested);
        report.add("entities.same_extent", same);
        report.add("entities.crossing", crossing);
    }

    static String shorten(String s) {
        if (s == null) {
            return "null";
        }
        String flat = s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        return flat.length() <= MAX_SHOWN ? flat : flat.substring(0, MAX_SHOWN) + "...";
    }
}
