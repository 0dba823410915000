package io.github.bertner.cli;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;

import io.github.bertner.eval.ConsoleReport;
import io.github.bertner.eval.EntityDecoding;
import io.github.bertner.eval.EvalSentence;
import io.github.bertner.eval.EvalSettings;
import io.github.bertner.eval.EvaluationResult;
import io.github.bertner.eval.Evaluator;
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
            description = "bootstrap samples (over sentences) for a 95% interval of strict F1; at least 1000")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "20131", description = "bootstrap seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--compare", paramLabel = "PRED2",
            description = "second system's predictions in the same form as the first: paired bootstrap test")
    Path compare;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            EntityDecoding decoding = EntityDecoding.parse(scheme);
            TagScheme encoding = decoding.mode() == DecodeMode.STRICT ? decoding.scheme() : TagScheme.IOB2;
            List<EvalSentence> sentences;
            String goldName;
            String systemName;
            if (conllevalFile != null) {
                if (gold != null || pred != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "give either one conlleval FILE or --gold and --pred, not both");
                }
                sentences = TagFiles.readConlleval(conllevalFile);
                goldName = conllevalFile + " (gold column)";
                systemName = conllevalFile + " (predicted column)";
            } else {
                if (gold == null || pred == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "expected a conlleval FILE or both --gold and --pred");
                }
                sentences = read(gold, pred, encoding);
                goldName = gold.toString();
                systemName = pred.toString();
            }
            EvalSettings settings = EvalSettings.builder().setDecoding(decoding)
                    .optMetrics(Metric.parseList(metrics)).optBootstrapSamples(bootstrap).optSeed(seed)
                    .optGoldSource(goldName).optSystem(systemName).build();
            EvaluationResult result;
            if (compare != null) {
                List<EvalSentence> other = conllevalFile != null ? TagFiles.readConlleval(compare)
                        : read(gold, compare, encoding);
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
        } catch (IllegalArgumentException | IOException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private static List<EvalSentence> read(Path goldPath, Path predPath, TagScheme encoding) throws IOException {
        if (Files.isDirectory(goldPath) != Files.isDirectory(predPath)) {
            throw new IllegalArgumentException("expected --gold and --pred to be both files or both folders, found "
                    + goldPath + " and " + predPath);
        }
        return Files.isDirectory(goldPath) ? readXmi(goldPath, predPath, encoding) : TagFiles.readPair(goldPath,
                predPath);
    }

    private static List<EvalSentence> readXmi(Path goldDir, Path predDir, TagScheme encoding) throws IOException {
        List<Path> goldFiles = xmiFiles(goldDir);
        if (goldFiles.isEmpty()) {
            throw new IllegalArgumentException("no .xmi files in " + goldDir);
        }
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
                        throw new IllegalArgumentException("no prediction for gold document " + g + ": expected "
                                + predDir.resolve(g.getFileName().toString()) + " or an XMI in " + predDir
                                + " with documentId '" + id + "'");
                    }
                }
                load(p, predCas);
                try {
                    out.addAll(NerEvaluator.toSentences(predCas, goldCas, encoding, id));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(g + " vs " + p + ": " + e.getMessage(), e);
                }
            }
            return out;
        } catch (org.apache.uima.UIMAException e) {
            throw new IOException("cannot create a CAS for the XMI files: " + e.getMessage(), e);
        }
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
        } catch (SAXException e) {
            throw new IllegalArgumentException(file + ": not a readable XMI file: " + e.getMessage(), e);
        }
    }
}
