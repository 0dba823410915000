package io.github.bertner.io;

import io.github.bertner.tagging.LabelMapping;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads the brat standoff (`.txt` + `.ann`: RuREBus, NEREL) corpus format, one CAS per document; parsing rules are in {@link BratParser}.
 * <p>
 * Defaults: patterns <code>[+]&#42;&#42;/&#42;.ann</code>, label mapping {@code identity}.
 */
@ResourceMetaData(name = "BratReader")
@TypeCapability(outputs = {
        "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
        "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"})
public class BratReader extends OffsetCorpusReader {

    private BratParser parser;

    @Override
    protected void createParser(AlignmentPolicy policy, LabelMapping mapping, ReadReport readReport) {
        parser = new BratParser(policy, mapping, readReport);
    }

    @Override
    protected Optional<CorpusDocument> parse(Path key) {
        return parser.read(key);
    }

    @Override
    protected Path documentKey(Path file) {
        return BratParser.documentKey(file);
    }

    @Override
    protected List<String> defaultPatterns() {
        // .txt files too, so that a text without its .ann is reported instead of silently left out
        return List.of("[+]**/*.ann", "[+]**/*.txt");
    }

    @Override
    protected String defaultLabelMapping() {
        return "identity";
    }
}
