package io.github.bertner.cli;

import io.github.bertner.io.AlignmentPolicy;
import io.github.bertner.io.ConllCasWriter;
import io.github.bertner.io.ConllWriter;
import io.github.bertner.io.CorpusFormat;
import io.github.bertner.io.CorpusReaders;
import io.github.bertner.io.ReadReport;
import io.github.bertner.io.ReportingReader;
import io.github.bertner.tagging.TagScheme;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.collection.CollectionReader;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.fit.pipeline.SimplePipeline;
import org.apache.uima.resource.ResourceInitializationException;
import org.dkpro.core.io.xmi.XmiWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bertner corpus convert}: reads a corpus and writes it as CoNLL columns (through
 * {@link ConllCasWriter}) or as XMI (DKPro's {@link XmiWriter}, with {@code typesystem.xml}).
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a corpus to CoNLL columns (any tag scheme) or UIMA XMI.")
public final class CorpusConvertCommand implements Callable<Integer> {

    /** Output formats. */
    public enum Target {
        /** CoNLL columns, one output file per source file. */
        CONLL,
        /** UIMA XMI, one file per CAS plus typesystem.xml. */
        XMI
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ReaderOptions reader;

    @Option(names = "--to", required = true, converter = TargetConverter.class, description = "conll or xmi.")
    Target target;

    @Option(names = "--scheme", converter = ReaderOptions.SchemeConverter.class,
            description = "Tag scheme written: IOB1, IOB2, IOE1, IOE2, BIOES, IO "
                    + "(default: IOB1 for conll2003, IOB2 otherwise).")
    TagScheme scheme;

    @Option(names = "--style", converter = StyleConverter.class,
            description = "CoNLL layout: conll2003 (WORD POS CHUNK NER with -DOCSTART-) or two_column "
                    + "(TOKEN<TAB>TAG) (default: conll2003 for conll2003 input, two_column otherwise).")
    ConllWriter.Style style;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "<path>", description = "Corpus files or folders.")
    List<Path> paths;

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        if (java.nio.file.Files.isRegularFile(out)) {
            throw new UsageException("--out: expected a folder, found the file " + out);
        }
        for (Path path : paths) {
            try {
                CollectionReader cr = CollectionReaderFactory.createReader(
                        CorpusReaders.create(reader.format, path, reader.toOptions()));
                SimplePipeline.runPipeline(cr, writer());
                ReadReport report = ((ReportingReader) cr).report();
                pw.printf(Locale.ROOT, "%s [%s] -> %s (%s): %,d documents, %,d sentences, %,d tokens, %,d entities, "
                                + "%d issue(s)%n", path, reader.format.cliName(), out, target.name().toLowerCase(Locale.ROOT),
                        report.get("documents"), report.get("sentences"), report.get("tokens"),
                        report.get("entities"), report.issues().size());
                report.issues().stream().limit(50).forEach(i -> pw.println("  " + i.describe()));
            } finally {
                spec.commandLine().getOut().flush();
            }
        }
        pw.flush();
        return 0;
    }

    private AnalysisEngineDescription writer() throws ResourceInitializationException {
        if (target == Target.XMI) {
            return AnalysisEngineFactory.createEngineDescription(XmiWriter.class,
                    XmiWriter.PARAM_TARGET_LOCATION, out.toString(),
                    XmiWriter.PARAM_USE_DOCUMENT_ID, true,
                    XmiWriter.PARAM_OVERWRITE, true,
                    XmiWriter.PARAM_TYPE_SYSTEM_FILE, out.resolve("typesystem.xml").toString());
        }
        boolean conll = reader.format == CorpusFormat.CONLL2003;
        TagScheme outScheme = scheme != null ? scheme : conll ? TagScheme.IOB1 : TagScheme.IOB2;
        ConllWriter.Style outStyle = style != null ? style : conll ? ConllWriter.Style.CONLL2003 : ConllWriter.Style.TWO_COLUMN;
        return AnalysisEngineFactory.createEngineDescription(ConllCasWriter.class,
                ConllCasWriter.PARAM_TARGET_LOCATION, out.toString(),
                ConllCasWriter.PARAM_TAG_SCHEME, outScheme.name(),
                ConllCasWriter.PARAM_STYLE, outStyle,
                ConllCasWriter.PARAM_ALIGNMENT_POLICY, reader.policy != null ? reader.policy : AlignmentPolicy.FAIL);
    }

    /** Parses {@code conll} / {@code xmi} case-insensitively. */
    static final class TargetConverter implements CommandLine.ITypeConverter<Target> {
        @Override
        public Target convert(String value) {
            return ReaderOptions.enumValue(Target.class, value);
        }
    }

    /** Parses {@code conll2003} / {@code two_column} (or {@code two-column}) case-insensitively. */
    static final class StyleConverter implements CommandLine.ITypeConverter<ConllWriter.Style> {
        @Override
        public ConllWriter.Style convert(String value) {
            return ReaderOptions.enumValue(ConllWriter.Style.class, value);
        }
    }
}
