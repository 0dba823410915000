package io.github.bertner.io;

import io.github.bertner.tagging.LabelMapping;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain-Java parser of one brat standoff document ({@code .txt} + {@code .ann}), as used by RuREBus and
 * NEREL.
 * <p>
 * Only text-bound annotations ({@code T} lines) become mentions. A {@code T} line is split on its first
 * two TABs only, because the covered text may itself contain a TAB. Discontinuous entities
 * ({@code start end;start end}) keep their fragments; their covered text is the fragments joined by a
 * space. The covered text must equal the text at the offsets, and every fragment must fall on token
 * boundaries of {@link TextSegmenter}; failures go through the {@link AlignmentPolicy}. Relation, norm,
 * attribute, event, equivalence and note lines are counted as {@code lines.ignored.<letter>}; any other
 * line is skipped and reported as {@code stray_line}. Overlapping and nested entities are all kept; a
 * {@code T} id used twice goes through the policy ({@code duplicate_id}).
 * <p>
 * Offsets count Unicode code points, as brat writes them (brat is Python); they are converted to the
 * UTF-16 indices of the CAS, so a character outside the BMP before an entity shifts nothing.
 */
public final class BratParser {

    private static final Pattern T_HEAD = Pattern.compile("T\\d+");
    private static final Pattern FRAGMENT = Pattern.compile("\\s*(\\d+)\\s+(\\d+)\\s*");
    private static final Pattern OTHER_ANNOTATION = Pattern.compile("[RNAMEC*#]\\S*\\t.*|#.*");

    private final AlignmentPolicy policy;
    private final LabelMapping mapping;
    private final ReadReport report;

    /**
     * Creates a parser.
     *
     * @param policy  what to do with annotations that do not match the text
     * @param mapping brat type to entity type ({@link LabelMapping#identity()} keeps brat's types)
     * @param report  receives counters and issues
     */
    public BratParser(AlignmentPolicy policy, LabelMapping mapping, ReadReport report) {
        this.policy = policy;
        this.mapping = mapping;
        this.report = report;
    }

    /**
     * The document key of a file: its path without extension.
     *
     * @param file the {@code .txt} or {@code .ann} file
     * @return the base path
     */
    public static Path documentKey(Path file) {
        return CorpusFiles.stripExtension(file);
    }

    /**
     * Parses one document.
     *
     * @param base the document's path without extension
     * @return the document, or empty when the policy skipped it (counted in the report)
     * @throws ReaderException on bad input under {@link AlignmentPolicy#FAIL}, or on an unmapped type
     */
    public Optional<CorpusDocument> read(Path base) {
        Path txtFile = CorpusFiles.withExtension(base, "txt");
        ParseContext ctx = new ParseContext(policy, mapping, report, txtFile.toString());
        try {
            return Optional.of(parse(base, txtFile, ctx));
        } catch (ParseContext.SkipDocument e) {
            ctx.skipped(e);
            return Optional.empty();
        }
    }

    private CorpusDocument parse(Path base, Path txtFile, ParseContext ctx) {
        Path annFile = CorpusFiles.withExtension(base, "ann");
        String ann = ctx.read(annFile);
        String text = ctx.read(txtFile);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            report.count("text.bom_kept");
        }
        String file = annFile.toString();
        List<Mention> mentions = new ArrayList<>();
        List<Integer> mentionLines = new ArrayList<>();
        List<String> lines = CorpusFiles.lines(ann);
        CodePointOffsets offsets = new CodePointOffsets(text);
        java.util.Map<String, Integer> idLines = new java.util.HashMap<>();
        for (int no = 1; no <= lines.size(); no++) {
            String line = lines.get(no - 1);
            if (line.isBlank()) {
                report.count("lines.blank");
                continue;
            }
            int tab1 = line.indexOf('\t');
            if (tab1 > 0 && T_HEAD.matcher(line.substring(0, tab1)).matches()) {
                Integer first = idLines.putIfAbsent(line.substring(0, tab1), no);
                if (first != null) {
                    ctx.misaligned(file, no, line.substring(0, tab1), "duplicate_id",
                            "an id not used before (it is used at line " + first + ")", line);
                    continue;
                }
                Mention m = parseEntity(ctx, file, no, line, tab1, text, offsets);
                if (m != null) {
                    mentions.add(m);
                    mentionLines.add(no);
                }
            } else if (OTHER_ANNOTATION.matcher(line).matches()) {
                report.count("lines.ignored." + line.charAt(0));
            } else {
                report.issue(new ReadIssue(file, no, null, "stray_line", "a brat annotation line",
                        ParseContext.shorten(line), "skipped line"));
            }
        }
        List<TextRange> ranges = new ArrayList<>();
        for (Mention m : mentions) {
            ranges.add(m.extent());
            if (m.isDiscontinuous()) {
                ranges.addAll(m.fragments());
            }
        }
        Segmentation seg = TextSegmenter.segment(text, ranges);
        List<Mention> aligned = ctx.onTokenBoundaries(text, seg.tokens(), mentions, mentionLines, file);
        return ctx.finish(base.getFileName().toString(), null, text, seg.tokens(), seg.sentences(), aligned,
                seg.tokenSplits(), seg.sentenceMerges());
    }

    private Mention parseEntity(ParseContext ctx, String file, int no, String line, int tab1, String text,
                                CodePointOffsets offsets) {
        String id = line.substring(0, tab1);
        int tab2 = line.indexOf('\t', tab1 + 1);
        if (tab2 < 0) {
            ctx.misaligned(file, no, id, "malformed_line", "'T<n><TAB>TYPE start end<TAB>text'", line);
            return null;
        }
        String middle = line.substring(tab1 + 1, tab2);
        String covered = line.substring(tab2 + 1);
        int space = middle.indexOf(' ');
        if (space <= 0) {
            ctx.misaligned(file, no, id, "malformed_line", "'TYPE start end[;start end...]'", middle);
            return null;
        }
        String type = middle.substring(0, space);
        List<TextRange> fragments = new ArrayList<>();
        StringBuilder expected = new StringBuilder();
        for (String part : middle.substring(space + 1).split(";", -1)) {
            Matcher m = FRAGMENT.matcher(part);
            if (!m.matches()) {
                ctx.misaligned(file, no, id, "malformed_line", "'start end' pairs separated by ';'", middle);
                return null;
            }
            int begin;
            int end;
            try {
                begin = Integer.parseInt(m.group(1));
                end = Integer.parseInt(m.group(2));
            } catch (NumberFormatException e) {
                ctx.misaligned(file, no, id, "malformed_line", "offsets that fit an int", middle);
                return null;
            }
            if (end <= begin || end > offsets.length()) {
                ctx.misaligned(file, no, id, "offset_out_of_range", "0 <= start < end <= " + offsets.length()
                        + " (code points)", begin + " " + end);
                return null;
            }
            begin = offsets.toUtf16(begin);
            end = offsets.toUtf16(end);
            if (!fragments.isEmpty()) {
                expected.append(' ');
            }
            expected.append(text, begin, end);
            fragments.add(new TextRange(begin, end));
        }
        if (!expected.toString().equals(covered)) {
            ctx.misaligned(file, no, id, "text_mismatch", covered, expected.toString());
            return null;
        }
        // brat joins the covered text in the listed order, which need not be text order
        fragments.sort(null);
        for (int k = 1; k < fragments.size(); k++) {
            if (fragments.get(k).begin() < fragments.get(k - 1).end()) {
                ctx.misaligned(file, no, id, "overlapping_fragments", "disjoint fragments", middle);
                return null;
            }
        }
        Optional<String> mapped = ctx.mapType(file, no, type);
        if (mapped.isEmpty()) {
            return null;
        }
        TextRange extent = new TextRange(fragments.get(0).begin(), fragments.get(fragments.size() - 1).end());
        return new Mention(id, mapped.get(), extent, fragments);
    }
}
