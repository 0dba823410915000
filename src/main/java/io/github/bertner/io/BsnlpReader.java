package io.github.bertner.io;

import io.github.bertner.tagging.LabelMapping;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads the BSNLP shared-task (`<topic>/raw/<lang>/X.txt` + `<topic>/annotated/<lang>/X.out`) corpus format, one CAS per document; parsing rules are in {@link BsnlpParser}.
 * <p>
 * Defaults: patterns <code>[+]&#42;&#42;/annotated/{lang}/&#42;.out</code>, label mapping {@code bsnlp-ru}.
 */
@ResourceMetaData(name = "BsnlpReader")
@TypeCapability(outputs = {
        "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
        "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"})
public class BsnlpReader extends OffsetCorpusReader {

    private BsnlpParser parser;

    @Override
    protected void createParser(AlignmentPolicy policy, LabelMapping mapping, ReadReport readReport) {
        parser = new BsnlpParser(policy, mapping, readReport);
    }

    @Override
    protected Optional<CorpusDocument> parse(Path key) {
        return parser.read(key);
    }

    @Override
    protected Path documentKey(Path file) {
        return BsnlpParser.documentKey(file);
    }

    @Override
    protected List<String> defaultPatterns() {
        // raw files too, so that a raw file without its .out is reported instead of silently left out
        return List.of("[+]**/annotated/{lang}/*.out", "[+]**/raw/{lang}/*.txt");
    }

    @Override
    protected String defaultLabelMapping() {
        return "bsnlp-ru";
    }
}
