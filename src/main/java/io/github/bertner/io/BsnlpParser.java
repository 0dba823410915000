package io.github.bertner.io;

import io.github.bertner.tagging.LabelMapping;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain-Java parser of one BSNLP shared-task document: {@code <topic>/raw/<lang>/X.txt} plus
 * {@code <topic>/annotated/<lang>/X.out}.
 * <p>
 * <b>Text.</b> The first four lines of the raw file (id, language, date, URL) are metadata. The document
 * text is the title (line 5) and the body, because annotators marked names in the title too. Line ends are
 * normalised to LF (the files mix CRLF and LF; BSNLP gives no offsets, so nothing depends on the raw
 * positions) and a BOM is dropped.
 * <p>
 * <b>Mentions.</b> The {@code .out} file lists each surface form once per document, without offsets. Every
 * occurrence of every form is searched for: forms are tried longest first, an occurrence must not touch a
 * letter or digit on a side where the form itself starts or ends with one (unless a missing space is
 * evident from a case or script change, as in {@code агентстваAssociated Press}), and it must not overlap
 * an occurrence already taken by a longer form. Whitespace inside a form matches any run of whitespace or
 * invisible format characters (the texts contain zero-width spaces), and surrounding whitespace of a form is
 * ignored. Counters: {@code mentions.lines}, {@code mentions.found_exact} (the form occurs verbatim),
 * {@code mentions.found_normalised} (only after the whitespace rules), {@code mentions.duplicate_lines} (the
 * same surface form listed again), {@code mentions.whitespace_variants} (listed again with other surrounding
 * whitespace);
 * forms that occur nowhere are reported as {@code form_not_found}, forms that occur only inside longer
 * mentions as {@code form_inside_longer}. Lines that cannot be parsed are skipped and reported as
 * {@code unparseable_line}.
 */
public final class BsnlpParser {

    /** The entity types of the BSNLP annotation guidelines. */
    public static final Set<String> TYPES = Set.of("PER", "LOC", "ORG", "PRO", "EVT");

    private static final int HEADER_LINES = 4;

    /** Whitespace and invisible format characters (zero-width space) inside a form. */
    private static final String SPACES = "[\\s\\p{Z}\\p{Cf}]+";

    /**
     * Where a form may start: after a non-word character, or where a missing space is evident: lower-case
     * before upper-case ({@code отставкуДэвид}) or a change between Cyrillic and Latin
     * ({@code агентстваAssociated}).
     */
    private static final String LEFT_BOUNDARY = "(?:(?<![\\p{L}\\p{N}\\p{M}])|(?<=\\p{Ll})(?=\\p{Lu})"
            + "|(?<=\\p{IsCyrillic})(?=\\p{IsLatin})|(?<=\\p{IsLatin})(?=\\p{IsCyrillic}))";

    /** Where a form may end: before a non-word character, a capitalised word, or a script change. */
    private static final String RIGHT_BOUNDARY = "(?:(?![\\p{L}\\p{N}\\p{M}])|(?<=\\p{Ll})(?=\\p{Lu})"
            + "|(?=\\p{Lu}\\p{Ll})|(?<=\\p{IsCyrillic})(?=\\p{IsLatin})|(?<=\\p{IsLatin})(?=\\p{IsCyrillic}))";

    private final AlignmentPolicy policy;
    private final LabelMapping mapping;
    private final ReadReport report;

    /**
     * Creates a parser.
     *
     * @param policy  what to do with documents that cannot be used
     * @param mapping BSNLP type to entity type
     * @param report  receives counters and issues
     */
    public BsnlpParser(AlignmentPolicy policy, LabelMapping mapping, ReadReport report) {
        this.policy = policy;
        this.mapping = mapping;
        this.report = report;
    }

    /**
     * The annotation file of a document, given either of its files.
     *
     * @param file {@code .../raw/<lang>/X.txt} or {@code .../annotated/<lang>/X.out}
     * @return {@code .../annotated/<lang>/X.out}
     */
    public static Path documentKey(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".txt")) {
            return file;
        }
        Path out = CorpusFiles.withExtension(CorpusFiles.stripExtension(file), "out");
        return swapFolder(out, "raw", "annotated");
    }

    /**
     * Parses one document.
     *
     * @param outFile the annotation file {@code .../annotated/<lang>/X.out}
     * @return the document, or empty when the policy skipped it (counted in the report)
     * @throws ReaderException on bad input under {@link AlignmentPolicy#FAIL}, or on an unmapped type
     */
    public Optional<CorpusDocument> read(Path outFile) {
        Path txtFile = swapFolder(CorpusFiles.withExtension(CorpusFiles.stripExtension(outFile), "txt"),
                "annotated", "raw");
        ParseContext ctx = new ParseContext(policy, mapping, report, txtFile.toString());
        try {
            return Optional.of(parse(outFile, txtFile, ctx));
        } catch (ParseContext.SkipDocument e) {
            ctx.skipped(e);
            return Optional.empty();
        }
    }

    private record Form(String surface, String type, String id, int line, boolean exact) {
    }

    private CorpusDocument parse(Path outFile, Path txtFile, ParseContext ctx) {
        String out = ctx.read(outFile);
        String raw = ctx.read(txtFile);
        if (!raw.isEmpty() && raw.charAt(0) == '\uFEFF') {
            raw = raw.substring(1);
            report.count("text.bom_removed");
        }
        String normalised = raw.replace("\r\n", "\n").replace('\r', '\n');
        int lineCount = CorpusFiles.lines(normalised).size();
        if (lineCount < HEADER_LINES + 1) {
            throw ctx.documentProblem(txtFile.toString(), lineCount, "missing_header",
                    "at least 5 lines (id, language, date, url, title)", lineCount + " line(s)");
        }
        int bodyStart = 0;
        for (int k = 0; k < HEADER_LINES; k++) {
            bodyStart = normalised.indexOf('\n', bodyStart) + 1;
        }
        String docId = normalised.substring(0, normalised.indexOf('\n')).strip();
        checkOutHeader(ctx, outFile.toString(), out, docId);
        String text = normalised.substring(bodyStart);
        int titleEnd = text.indexOf('\n');
        String title = (titleEnd < 0 ? text : text.substring(0, titleEnd)).strip();

        Map<String, Form> forms = readForms(outFile.toString(), out, text);
        List<Form> ordered = new ArrayList<>(forms.values());
        ordered.sort(Comparator.comparingInt((Form f) -> -f.surface().length()).thenComparingInt(Form::line));
        BitSet taken = new BitSet(text.length());
        List<Mention> mentions = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (Form f : ordered) {
            // the regex has no literal prefix, so jump between occurrences of the form's first word instead
            // of letting find() try every position
            String anchor = f.surface().split(SPACES, 2)[0];
            Matcher m = formPattern(f.surface()).matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            int occurrences = 0;
            int kept = 0;
            for (int at = text.indexOf(anchor); at >= 0; at = text.indexOf(anchor, at + 1)) {
                m.region(at, text.length());
                if (!m.lookingAt()) {
                    continue;
                }
                occurrences++;
                if (taken.get(m.start(), m.end()).isEmpty()) {
                    taken.set(m.start(), m.end());
                    Optional<String> type = ctx.mapType(outFile.toString(), f.line(), f.type());
                    if (type.isPresent()) {
                        mentions.add(Mention.of(f.id(), type.get(), new TextRange(m.start(), m.end())));
                        lines.add(f.line());
                    }
                    kept++;
                }
                at = m.end() - 1;
            }
            if (occurrences == 0) {
                report.issue(new ReadIssue(outFile.toString(), f.line(), f.id(), "form_not_found", f.surface(),
                        "no occurrence in " + txtFile.getFileName(), "skipped annotation"));
            } else if (kept == 0) {
                report.issue(new ReadIssue(outFile.toString(), f.line(), f.id(), "form_inside_longer", f.surface(),
                        "only inside longer annotated forms", "skipped annotation"));
            } else if (!f.exact()) {
                report.count("mentions.found_normalised");
            }
        }
        List<TextRange> ranges = mentions.stream().map(Mention::extent).toList();
        Segmentation seg = TextSegmenter.segment(text, ranges);
        List<Mention> aligned = ctx.onTokenBoundaries(text, seg.tokens(), mentions, lines, outFile.toString());
        return ctx.finish(docId, title, text, seg.tokens(), seg.sentences(), aligned, seg.tokenSplits(),
                seg.sentenceMerges());
    }

    /**
     * The first line of an {@code .out} file is the document id; a file whose first line is a mention, or
     * whose id is not the raw file's, belongs to another document or lost its header, and reading it would
     * take a mention for the id or attach the mentions to the wrong text.
     */
    private static void checkOutHeader(ParseContext ctx, String outFile, String out, String docId) {
        List<String> lines = CorpusFiles.lines(out);
        String first = lines.isEmpty() ? "" : lines.get(0);
        if (!first.isEmpty() && first.charAt(0) == '\uFEFF') {
            first = first.substring(1);
        }
        first = first.strip();
        if (first.isEmpty() || first.contains("\t")) {
            throw ctx.documentProblem(outFile, 1, "missing_header", "the document id '" + docId
                    + "' on the first line", first.isEmpty() ? "an empty line" : first);
        }
        if (!first.equals(docId)) {
            throw ctx.documentProblem(outFile, 1, "id_mismatch", "the raw file's document id '" + docId + "'",
                    first);
        }
    }

    /** Parses the annotation lines; one {@link Form} per distinct (stripped) surface form, first line wins. */
    private Map<String, Form> readForms(String file, String content, String text) {
        Map<String, Form> forms = new LinkedHashMap<>();
        Set<String> rawForms = new HashSet<>();
        List<String> lines = CorpusFiles.lines(content);
        for (int no = 2; no <= lines.size(); no++) {
            String line = lines.get(no - 1);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String surface = f[0].replaceAll("^" + SPACES + "|" + SPACES + "$", "");
            if (f.length < 3 || !TYPES.contains(f[2].strip()) || surface.isEmpty()) {
                report.issue(new ReadIssue(file, no, null, "unparseable_line",
                        "'surface<TAB>lemma<TAB>TYPE<TAB>id' with TYPE in " + TYPES, ParseContext.shorten(line),
                        "skipped line"));
                continue;
            }
            report.count("mentions.lines");
            boolean exact = text.contains(f[0]);
            if (exact) {
                report.count("mentions.found_exact");
            }
            String type = f[2].strip();
            String id = f.length > 3 && !f[3].isBlank() ? f[3].strip() : null;
            Form previous = forms.get(surface);
            boolean repeated = !rawForms.add(f[0]);
            if (previous == null) {
                forms.put(surface, new Form(surface, type, id, no, exact));
            } else {
                report.count(repeated ? "mentions.duplicate_lines" : "mentions.whitespace_variants");
                if (!previous.type().equals(type)) {
                    report.issue(new ReadIssue(file, no, id, "conflicting_type", previous.type() + " (line "
                            + previous.line() + ")", type, "skipped annotation"));
                }
            }
        }
        return forms;
    }

    private static Pattern formPattern(String surface) {
        StringBuilder p = new StringBuilder();
        if (Character.isLetterOrDigit(surface.codePointAt(0))) {
            p.append(LEFT_BOUNDARY);
        }
        String[] parts = surface.split(SPACES);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                p.append(SPACES);
            }
            p.append(Pattern.quote(parts[i]));
        }
        if (Character.isLetterOrDigit(surface.codePointBefore(surface.length()))) {
            p.append(RIGHT_BOUNDARY);
        }
        return Pattern.compile(p.toString());
    }

    private static Path swapFolder(Path file, String from, String to) {
        Path lang = file.getParent();
        Path kind = lang == null ? null : lang.getParent();
        if (kind == null || kind.getFileName() == null || !kind.getFileName().toString().equals(from)) {
            return file;
        }
        return kind.resolveSibling(to).resolve(lang.getFileName()).resolve(file.getFileName());
    }
}
