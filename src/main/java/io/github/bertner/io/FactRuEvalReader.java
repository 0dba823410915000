package io.github.bertner.io;

import io.github.bertner.tagging.LabelMapping;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads the factRuEval-2016 (`book_N.txt/.tokens/.spans/.objects`) corpus format, one CAS per document; parsing rules are in {@link FactRuEvalParser}.
 * <p>
 * Defaults: patterns <code>[+]&#42;&#42;/&#42;.tokens</code>, label mapping {@code factrueval-ru}, whole objects
 * as entities ({@link FactRuEvalExtent#OBJECT}).
 */
@ResourceMetaData(name = "FactRuEvalReader")
@TypeCapability(outputs = {
        "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
        "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"})
public class FactRuEvalReader extends OffsetCorpusReader {

    /**
     * Which text of an object becomes the entity: {@code OBJECT} (first span to last span, descriptors such
     * as "мэрию" or "села" included) or {@code NAMES} (the name spans only, as the natasha/naeval benchmark
     * reads the corpus); see {@link FactRuEvalExtent}.
     */
    public static final String PARAM_EXTENT = "extent";
    @ConfigurationParameter(name = PARAM_EXTENT, mandatory = false, defaultValue = "OBJECT")
    private FactRuEvalExtent extent;

    private FactRuEvalParser parser;

    @Override
    protected void createParser(AlignmentPolicy policy, LabelMapping mapping, ReadReport readReport) {
        parser = new FactRuEvalParser(policy, mapping, readReport, extent);
    }

    @Override
    protected Optional<CorpusDocument> parse(Path key) {
        return parser.read(key);
    }

    @Override
    protected Path documentKey(Path file) {
        return FactRuEvalParser.documentKey(file);
    }

    @Override
    protected List<String> defaultPatterns() {
        // every annotation file, so that a document without its .tokens is reported instead of left out
        return List.of("[+]**/*.tokens", "[+]**/*.spans", "[+]**/*.objects");
    }

    @Override
    protected String defaultLabelMapping() {
        return "factrueval-ru";
    }
}
