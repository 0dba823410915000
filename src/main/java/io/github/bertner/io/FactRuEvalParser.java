package io.github.bertner.io;

import io.github.bertner.tagging.LabelMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Plain-Java parser of one factRuEval-2016 document {@code book_N}: {@code .txt}, {@code .tokens},
 * {@code .spans} and {@code .objects}.
 * <p>
 * Tokens and sentences come from {@code .tokens} (a blank line ends a sentence); every token's text must
 * equal {@code txt[start, start + length)}. Spans are located by their character offsets, never by token
 * ids (ids are not sequential after re-tokenisation) and never by their {@code n_tokens} field (wrong for
 * one span of {@code book_367}; such disagreements are counted as {@code spans.n_tokens_disagrees}).
 * Entities are the objects: type from {@code .objects}, extent from the first span's begin to the last
 * span's end ({@link FactRuEvalExtent#OBJECT}), or only their name spans ({@link FactRuEvalExtent#NAMES}).
 * Spans of an object separated only by whitespace count as one fragment; other text in between
 * makes the object discontinuous. Nested and discontinuous objects are all kept.
 * <p>
 * Offsets and lengths count Unicode code points (the format's specification); they are converted to the
 * UTF-16 indices of the CAS, which differ after any character outside the BMP.
 */
public final class FactRuEvalParser {

    private static final Logger LOG = LoggerFactory.getLogger(FactRuEvalParser.class);

    /** The span type that names an object of each type under {@link FactRuEvalExtent#NAMES}. */
    private static final Map<String, String> NAME_SPAN_TYPES = Map.of(
            "Org", "org_name", "Location", "loc_name", "LocOrg", "loc_name");

    private final AlignmentPolicy policy;
    private final LabelMapping mapping;
    private final ReadReport report;
    private final FactRuEvalExtent extent;

    /**
     * Creates a parser that takes whole objects ({@link FactRuEvalExtent#OBJECT}).
     *
     * @param policy  what to do with annotations that do not match the text
     * @param mapping object type to entity type
     * @param report  receives counters and issues
     */
    public FactRuEvalParser(AlignmentPolicy policy, LabelMapping mapping, ReadReport report) {
        this(policy, mapping, report, FactRuEvalExtent.OBJECT);
    }

    /**
     * Creates a parser.
     *
     * @param policy  what to do with annotations that do not match the text
     * @param mapping object type to entity type
     * @param report  receives counters and issues
     * @param extent  which text of an object becomes the entity
     */
    public FactRuEvalParser(AlignmentPolicy policy, LabelMapping mapping, ReadReport report,
                            FactRuEvalExtent extent) {
        this.policy = policy;
        this.mapping = mapping;
        this.report = report;
        this.extent = Objects.requireNonNull(extent, "extent");
    }

    /**
     * The document key of a file: its path without extension (all four files of a document share it).
     *
     * @param file any of the document's files
     * @return the base path
     */
    public static Path documentKey(Path file) {
        return CorpusFiles.stripExtension(file);
    }

    /**
     * Parses one document.
     *
     * @param base the document's path without extension, e.g. {@code devset/book_58}
     * @return the document, or empty when the policy skipped it (counted in the report)
     * @throws ReaderException on bad input under {@link AlignmentPolicy#FAIL}, or on an unmapped type
     */
    public Optional<CorpusDocument> read(Path base) {
        Path txtFile = CorpusFiles.withExtension(base, "txt");
        ParseContext ctx = new ParseContext(policy, mapping, report, txtFile.toString());
        try {
            return Optional.of(parse(base, ctx));
        } catch (ParseContext.SkipDocument e) {
            ctx.skipped(e);
            return Optional.empty();
        }
    }

    private CorpusDocument parse(Path base, ParseContext ctx) {
        Path tokensFile = CorpusFiles.withExtension(base, "tokens");
        Path spansFile = CorpusFiles.withExtension(base, "spans");
        Path objectsFile = CorpusFiles.withExtension(base, "objects");
        String text = ctx.read(CorpusFiles.withExtension(base, "txt"));
        String tokensText = ctx.read(tokensFile);
        String spansText = ctx.read(spansFile);
        String objectsText = ctx.read(objectsFile);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            report.count("text.bom_kept");
        }

        List<TextRange> tokens = new ArrayList<>();
        List<TextRange> sentences = new ArrayList<>();
        CodePointOffsets offsets = new CodePointOffsets(text);
        readTokens(ctx, tokensFile.toString(), tokensText, text, offsets, tokens, sentences);

        BitSet begins = new BitSet(text.length() + 1);
        BitSet ends = new BitSet(text.length() + 1);
        int[] tokenBegins = new int[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            begins.set(tokens.get(i).begin());
            ends.set(tokens.get(i).end());
            tokenBegins[i] = tokens.get(i).begin();
        }
        Map<String, Span> spans = new HashMap<>();
        Set<String> skippedSpans = new HashSet<>();
        readSpans(ctx, spansFile.toString(), spansText, text, offsets, begins, ends, tokenBegins, spans,
                skippedSpans);

        List<Mention> mentions = new ArrayList<>();
        readObjects(ctx, objectsFile.toString(), objectsText, text, spans, skippedSpans, mentions);
        return ctx.finish(base.getFileName().toString(), null, text, tokens, sentences, mentions, 0, 0);
    }

    private void readTokens(ParseContext ctx, String file, String content, String text, CodePointOffsets offsets,
                            List<TextRange> tokens, List<TextRange> sentences) {
        List<String> lines = CorpusFiles.lines(content);
        int sentenceStart = -1;
        int previousEnd = 0;
        for (int no = 1; no <= lines.size(); no++) {
            String line = lines.get(no - 1);
            if (line.isBlank()) {
                if (sentenceStart >= 0) {
                    sentences.add(new TextRange(sentenceStart, previousEnd));
                    sentenceStart = -1;
                }
                continue;
            }
            String[] f = line.split(" ", 4);
            int start;
            int length;
            try {
                if (f.length != 4) {
                    throw new NumberFormatException("4 fields");
                }
                start = Integer.parseInt(f[1]);
                length = Integer.parseInt(f[2]);
            } catch (NumberFormatException e) {
                ctx.misaligned(file, no, null, "malformed_line", "'id start length text'", line);
                continue;
            }
            String id = f[0];
            if (start < 0 || length <= 0 || (long) start + length > offsets.length()) {
                ctx.misaligned(file, no, id, "offset_out_of_range",
                        "0 <= start < start + length <= " + offsets.length() + " (code points)", start + "+" + length);
                continue;
            }
            int cpStart = start;
            start = offsets.toUtf16(cpStart);
            length = offsets.toUtf16(cpStart + length) - start;
            String found = text.substring(start, start + length);
            if (!found.equals(f[3])) {
                ctx.misaligned(file, no, id, "token_text_mismatch", f[3], found);
                continue;
            }
            if (start < previousEnd) {
                ctx.misaligned(file, no, id, "token_order", "start >= " + previousEnd, String.valueOf(start));
                continue;
            }
            tokens.add(new TextRange(start, start + length));
            if (sentenceStart < 0) {
                sentenceStart = start;
            }
            previousEnd = start + length;
        }
        if (sentenceStart >= 0) {
            sentences.add(new TextRange(sentenceStart, previousEnd));
        }
    }

    private void readSpans(ParseContext ctx, String file, String content, String text, CodePointOffsets offsets,
                           BitSet begins, BitSet ends,
                           int[] tokenBegins, Map<String, Span> spans, Set<String> skippedSpans) {
        List<String> lines = CorpusFiles.lines(content);
        for (int no = 1; no <= lines.size(); no++) {
            String line = lines.get(no - 1);
            String data = stripComment(line);
            if (data.isBlank()) {
                continue;
            }
            String[] f = data.trim().split("\\s+");
            int start;
            int length;
            int nTokens;
            try {
                if (f.length < 6) {
                    throw new NumberFormatException("6 fields");
                }
                start = Integer.parseInt(f[2]);
                length = Integer.parseInt(f[3]);
                nTokens = Integer.parseInt(f[5]);
            } catch (NumberFormatException e) {
                ctx.misaligned(file, no, null, "malformed_line",
                        "'span_id type start length first_token_id n_tokens # ...'", line);
                continue;
            }
            String id = f[0];
            report.count("spans");
            boolean inRange = start >= 0 && length > 0 && (long) start + length <= offsets.length();
            Span seen = spans.get(id);
            if (seen != null && inRange && seen.range().begin() == offsets.toUtf16(start)
                    && seen.range().end() == offsets.toUtf16(start + length)) {
                // the corpus lists some spans twice with two span types (e.g. surname and nickname)
                report.count("spans.repeated_id");
                seen.types().add(f[1]);
                continue;
            }
            if (seen != null || skippedSpans.contains(id)) {
                ctx.misaligned(file, no, id, "duplicate_id", "a new span id or the same offsets as before",
                        id + " at " + start + "+" + length);
                continue;
            }
            if (start < 0 || length <= 0 || (long) start + length > offsets.length()) {
                skippedSpans.add(id);
                ctx.misaligned(file, no, id, "offset_out_of_range",
                        "0 <= start < start + length <= " + offsets.length() + " (code points)", start + "+" + length);
                continue;
            }
            int end = offsets.toUtf16(start + length);
            start = offsets.toUtf16(start);
            if (!begins.get(start) || !ends.get(end)) {
                skippedSpans.add(id);
                ctx.misaligned(file, no, id, "not_on_token_boundary", "a span covering whole tokens",
                        "[" + start + "," + end + ") '" + text.substring(start, end) + "'");
                continue;
            }
            int covered = countTokens(tokenBegins, start, end);
            if (covered != nTokens) {
                report.count("spans.n_tokens_disagrees");
                LOG.warn("{}:{} [{}] n_tokens says {}, the character extent '{}' covers {} tokens; using the offsets",
                        file, no, id, nTokens, text.substring(start, end), covered);
            }
            spans.put(id, new Span(new TextRange(start, end), new HashSet<>(Set.of(f[1]))));
        }
    }

    private void readObjects(ParseContext ctx, String file, String content, String text,
                             Map<String, Span> spans, Set<String> skippedSpans, List<Mention> mentions) {
        List<String> lines = CorpusFiles.lines(content);
        for (int no = 1; no <= lines.size(); no++) {
            String line = lines.get(no - 1);
            String data = stripComment(line);
            if (data.isBlank()) {
                continue;
            }
            String[] f = data.trim().split("\\s+");
            if (f.length < 3) {
                ctx.misaligned(file, no, null, "malformed_line", "'object_id type span_id... # texts'", line);
                continue;
            }
            String id = f[0];
            report.count("objects");
            List<Span> parts = new ArrayList<>();
            boolean usable = true;
            for (int k = 2; k < f.length && usable; k++) {
                Span r = spans.get(f[k]);
                if (r != null) {
                    parts.add(r);
                } else if (skippedSpans.contains(f[k])) {
                    report.issue(new ReadIssue(file, no, id, "object_span_skipped", "usable span " + f[k],
                            "span " + f[k] + " was skipped", "skipped annotation"));
                    usable = false;
                } else {
                    ctx.misaligned(file, no, id, "unknown_span", "a span id of " + CorpusFiles.withExtension(
                            CorpusFiles.stripExtension(Path.of(file)), "spans").getFileName(), f[k]);
                    usable = false;
                }
            }
            if (!usable) {
                continue;
            }
            Optional<String> type = ctx.mapType(file, no, f[1]);
            if (type.isEmpty()) {
                continue;
            }
            String nameSpanType = extent == FactRuEvalExtent.NAMES ? NAME_SPAN_TYPES.get(f[1]) : null;
            List<List<TextRange>> entities = new ArrayList<>();
            if (nameSpanType == null) {
                entities.add(parts.stream().map(Span::range).toList());
            } else {
                // one entity per name span, as naeval reads the corpus; a span listed twice is one entity
                parts.stream().filter(p -> p.types().contains(nameSpanType)).map(Span::range).distinct().sorted()
                        .forEach(r -> entities.add(List.of(r)));
                if (entities.isEmpty()) {
                    report.count("objects.without_name_span");
                    continue;
                }
                report.add("objects.name_spans", entities.size());
            }
            for (int k = 0; k < entities.size(); k++) {
                mentions.add(toMention(entities.size() == 1 ? id : id + "." + (k + 1), type.get(), entities.get(k),
                        text));
            }
        }
    }

    /** A span of {@code .spans}: its text range and every type it is listed with. */
    private record Span(TextRange range, Set<String> types) {
    }

    /** Orders the spans, merges those that touch or are separated only by whitespace. */
    private static Mention toMention(String id, String type, List<TextRange> spans, String text) {
        List<TextRange> sorted = new ArrayList<>(spans);
        sorted.sort(null);
        List<TextRange> fragments = new ArrayList<>();
        TextRange current = sorted.get(0);
        for (int i = 1; i < sorted.size(); i++) {
            TextRange next = sorted.get(i);
            if (next.begin() <= current.end() || text.substring(current.end(), next.begin()).isBlank()) {
                current = new TextRange(current.begin(), Math.max(current.end(), next.end()));
            } else {
                fragments.add(current);
                current = next;
            }
        }
        fragments.add(current);
        TextRange extent = new TextRange(fragments.get(0).begin(), fragments.get(fragments.size() - 1).end());
        return new Mention(id, type, extent, fragments);
    }

    private static int countTokens(int[] tokenBegins, int start, int end) {
        int lo = java.util.Arrays.binarySearch(tokenBegins, start);
        int hi = java.util.Arrays.binarySearch(tokenBegins, end);
        int from = lo >= 0 ? lo : -lo - 1;
        int to = hi >= 0 ? hi : -hi - 1;
        return to - from;
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash >= 0 ? line.substring(0, hash) : line;
    }
}
