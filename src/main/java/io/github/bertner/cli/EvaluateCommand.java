package io.github.bertner.cli;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;

import io.github.bertner.eval.ConsoleReport;
import io.github.bertner.eval.EntityDecoding;
import io.github.bertner.eval.EvalSentence;
import io.github.bertner.eval.EvalSettings;
import io.github.bertner.eval.EvaluationResult;
import io.github.bertner.eval.Evaluator;
import io.github.bertner.eval.TypeFilter;
import io.github.bertner.eval.Metric;
import io.github.bertner.eval.ReportWriter;
import io.github.bertner.eval.TagFiles;
import io.github.bertner.tagging.DecodeMode;
import io.github.bertner.tagging.TagScheme;
import io.github.bertner.uima.NerEvaluator;

import org.apache.uima.cas.impl.XmiCasDeserializer;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.xml.sax.SAXException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code bertner evaluate}: scores predictions against a gold standard and prints conlleval's summary.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate NER predictions: conlleval-compatible strict scores, relaxed token scores,",
                "SemEval-2013 schemes, confusion matrices, bootstrap intervals and error listings.",
                "Input: one conlleval file (token ... gold predicted), or --gold/--pred as two CoNLL files",
                "(token ... tag, same tokens line by line) or two folders of XMI files (matched by file name,",
                "then by DocumentMetaData documentId)."})
public final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "conlleval-style file: token ... gold predicted")
    Path conllevalFile;

    @Option(names = "--gold", paramLabel = "PATH", description = "gold CoNLL file or XMI folder")
    Path gold;

    @Option(names = "--pred", paramLabel = "PATH", description = "predicted CoNLL file or XMI folder")
    Path pred;

    @Option(names = "--scheme", defaultValue = "lenient",
            description = "lenient (= conlleval, default) or a scheme for strict decoding: iob2, bioes, iob1, ...")
    String scheme;

    @Option(names = "--metrics", defaultValue = "all",
            description = "comma-separated subset of strict, relaxed, semeval, confusion, errors (default all)")
    String metrics;

    @Option(names = "--report", paramLabel = "DIR",
            description = "write JSON, CSV, HTML with PNG pictures and the error listing (TSV, HTML) here")
    Path report;

    @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "0",
            description = "bootstrap samples (over sentences) for a 95%% interval of strict F1: 0 (default, none) or at least 1000")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "20131", description = "bootstrap seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--compare", paramLabel = "PRED2",
            description = "second system's predictions in the same form as the first: paired bootstrap test")
    Path compare;

    @Option(names = "--types", paramLabel = "T1,T2", split = ",",
            description = "score only these entity types, e.g. PER,LOC,ORG: tags of the other types are read as O "
                    + "in gold and predictions alike (default: all types)")
    List<String> types;

    /** Fewer samples make the 2.5 % and 97.5 % quantiles of a 95 % interval too coarse to report. */
    static final int MIN_BOOTSTRAP = 1000;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // every option is checked before any file is read
        EntityDecoding decoding;
        java.util.Set<Metric> metricSet;
        try {
            decoding = EntityDecoding.parse(scheme);
            metricSet = Metric.parseList(metrics);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (bootstrap != 0 && bootstrap < MIN_BOOTSTRAP) {
            throw new UsageException("--bootstrap: expected 0 (none) or at least " + MIN_BOOTSTRAP + " samples, found "
                    + bootstrap);
        }
        if (conllevalFile != null && (gold != null || pred != null)) {
            throw new UsageException("expected either one conlleval FILE or --gold and --pred, found both");
        }
        if (conllevalFile == null && (gold == null || pred == null)) {
            throw new UsageException("expected a conlleval FILE or both --gold and --pred, found "
                    + (gold == null && pred == null ? "neither" : gold == null ? "only --pred" : "only --gold"));
        }
        for (Path p : new Path[] {conllevalFile, gold, pred, compare}) {
            if (p != null && !Files.exists(p)) {
                throw new IllegalArgumentException(p + ": expected an existing file or folder, found none");
            }
        }
        Set<String> typeSet = new TreeSet<>();
        for (String t : types == null ? List.<String>of() : types) {
            if (!t.strip().matches("[^\\s-]+")) {
                throw new UsageException("--types: expected entity type names such as PER,LOC,ORG, found '" + t + "'");
            }
            typeSet.add(t.strip());
        }
        TagScheme encoding = decoding.mode() == DecodeMode.STRICT ? decoding.scheme() : TagScheme.IOB2;
        List<EvalSentence> sentences;
        String goldName;
        String systemName;
        if (conllevalFile != null) {
            sentences = TagFiles.readConlleval(conllevalFile);
            goldName = conllevalFile + " (gold column)";
            systemName = conllevalFile + " (predicted column)";
        } else {
            sentences = read(gold, pred, encoding, err);
            goldName = gold.toString();
            systemName = pred.toString();
        }
        if (sentences.isEmpty()) {
            throw new IllegalArgumentException(pred + ": expected Sentence annotations with Tokens, found none in "
                    + "any XMI file");
        }
        EvalSettings settings = EvalSettings.builder().setDecoding(decoding)
                .optMetrics(metricSet).optBootstrapSamples(bootstrap).optSeed(seed).optTypes(typeSet)
                .optGoldSource(goldName).optSystem(systemName).build();
        List<EvalSentence> other = compare == null ? null : conllevalFile != null ? TagFiles.readConlleval(compare)
                : read(gold, compare, encoding, err);
        if (!typeSet.isEmpty()) {
            reportTypeFilter(typeSet, sentences, other, err);
        }
        EvaluationResult result;
        if (compare != null) {
            result = Evaluator.compare(sentences, other, compare.toString(), settings);
        } else {
            result = Evaluator.evaluate(sentences, settings);
        }
        out.print(ConsoleReport.format(result));
        if (report != null) {
            List<Path> files = ReportWriter.writeAll(result, report);
            out.println("reports: " + files.size() + " files in " + report.toAbsolutePath() + " (open "
                    + report.resolve(ReportWriter.HTML) + ")");
        }
        out.flush();
        return 0;
    }

    /**
     * Fails on a requested type found nowhere (a typo would otherwise score nothing) and says on stderr, so
     * that conlleval's stdout layout stays as it is, which types are read as O and how many tokens that is.
     */
    private static void reportTypeFilter(Set<String> typeSet, List<EvalSentence> sentences,
                                         List<EvalSentence> other, PrintWriter err) {
        SortedMap<String, long[]> counts = TypeFilter.tokensPerType(sentences);
        if (other != null) {
            TypeFilter.tokensPerType(other).forEach((t, c) -> counts.computeIfAbsent(t, k -> new long[2])[1] += c[1]);
        }
        for (String t : typeSet) {
            if (!counts.containsKey(t)) {
                throw new IllegalArgumentException("--types: type '" + t + "' is in neither the gold tags nor the "
                        + "predictions; found " + String.join(", ", counts.keySet()));
            }
        }
        StringBuilder dropped = new StringBuilder();
        counts.forEach((t, c) -> {
            if (!typeSet.contains(t)) {
                dropped.append(dropped.isEmpty() ? "" : ", ").append(t).append(" (").append(c[0])
                        .append(" gold, ").append(c[1]).append(other != null ? " predicted by both" : " predicted")
                        .append(" tokens)");
            }
        });
        err.println("scoring types " + String.join(", ", typeSet) + " only; read as O: "
                + (dropped.isEmpty() ? "none" : dropped));
        err.flush();
    }

    private static List<EvalSentence> read(Path goldPath, Path predPath, TagScheme encoding, PrintWriter err)
            throws IOException {
        if (Files.isDirectory(goldPath) != Files.isDirectory(predPath)) {
            throw new UsageException("expected --gold and --pred to be both files or both folders, found "
                    + kind(goldPath) + " " + goldPath + " and " + kind(predPath) + " " + predPath);
        }
        return Files.isDirectory(goldPath) ? readXmi(goldPath, predPath, encoding, err)
                : TagFiles.readPair(goldPath, predPath);
    }

    private static String kind(Path p) {
        return Files.isDirectory(p) ? "folder" : "file";
    }

    private static List<EvalSentence> readXmi(Path goldDir, Path predDir, TagScheme encoding, PrintWriter err)
            throws IOException {
        List<Path> goldFiles = xmiFiles(goldDir);
        if (goldFiles.isEmpty()) {
            throw new IllegalArgumentException(goldDir + ": expected .xmi files, found none");
        }
        List<Path> predFiles = xmiFiles(predDir);
        if (predFiles.isEmpty()) {
            throw new IllegalArgumentException(predDir + ": expected .xmi files, found none");
        }
        // The tagger adds ScoredNamedEntity and keeps whatever NamedEntity its input held (the gold ones when
        // gold XMI was tagged); those must not count as predictions.
        boolean taggerOutput = false;
        for (Path p : predFiles) {
            if (Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1).contains(":ScoredNamedEntity ")) {
                taggerOutput = true;
                break;
            }
        }
        long ignored = 0;
        try {
            JCas goldCas = JCasFactory.createJCas();
            JCas predCas = JCasFactory.createJCas();
            Map<String, Path> predById = null;
            List<EvalSentence> out = new ArrayList<>();
            for (Path g : goldFiles) {
                load(g, goldCas);
                String id = NerEvaluator.documentId(goldCas, out.size());
                Path p = predDir.resolve(g.getFileName().toString());
                if (!Files.isRegularFile(p)) {
                    if (predById == null) {
                        predById = indexById(predDir, predCas);
                    }
                    p = predById.get(id);
                    if (p == null) {
                        throw new IllegalArgumentException(g + ": expected a prediction "
                                + predDir.resolve(g.getFileName().toString()) + " or an XMI in " + predDir
                                + " with documentId '" + id + "', found neither");
                    }
                }
                load(p, predCas);
                if (taggerOutput) {
                    ignored += dropUnscored(predCas);
                }
                try {
                    out.addAll(NerEvaluator.toSentences(predCas, goldCas, encoding, id));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(g + " vs " + p + ": " + e.getMessage(), e);
                }
            }
            if (ignored > 0) {
                err.println("--pred holds tagger output (ScoredNamedEntity): " + ignored + " other NamedEntity "
                        + "annotation(s) in it, copied from the tagger's input, were not counted as predictions");
            }
            return out;
        } catch (org.apache.uima.UIMAException e) {
            throw new IOException("cannot create a CAS for the XMI files: " + e.getMessage(), e);
        }
    }

    private static long dropUnscored(JCas cas) {
        List<de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity> plain = new ArrayList<>();
        for (var ne : JCasUtil.select(cas, de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity.class)) {
            if (!(ne instanceof io.github.bertner.type.ScoredNamedEntity)) {
                plain.add(ne);
            }
        }
        plain.forEach(org.apache.uima.jcas.tcas.Annotation::removeFromIndexes);
        return plain.size();
    }

    private static Map<String, Path> indexById(Path dir, JCas cas) throws IOException {
        Map<String, Path> byId = new HashMap<>();
        for (Path p : xmiFiles(dir)) {
            load(p, cas);
            if (JCasUtil.exists(cas, DocumentMetaData.class)) {
                byId.put(NerEvaluator.documentId(cas, -1), p);
            }
        }
        return byId;
    }

    private static List<Path> xmiFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".xmi")).sorted().toList();
        }
    }

    private static void load(Path file, JCas cas) throws IOException {
        cas.reset();
        try (InputStream in = Files.newInputStream(file)) {
            XmiCasDeserializer.deserialize(in, cas.getCas(), true);
        } catch (org.xml.sax.SAXParseException e) {
            throw new IllegalArgumentException(file + ":" + e.getLineNumber() + ": expected a UIMA XMI file, found "
                    + e.getMessage(), e);
        } catch (SAXException e) {
            throw new IllegalArgumentException(file + ": expected a UIMA XMI file, found " + e.getMessage(), e);
        }
    }
}
