package io.github.bertner.io;

import io.github.bertner.tagging.TagScheme;
import java.util.List;
import org.apache.uima.UimaContext;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.resource.ResourceInitializationException;

/**
 * Reads WNUT-17 files ({@code wnut17train.conll}, {@code emerging.dev.conll},
 * {@code emerging.test.annotated}): {@code TOKEN<TAB>TAG}, IOB2 tags with hyphenated types kept whole
 * ({@code B-creative-work} is type {@code creative-work}; DKPro's reader silently drops it).
 *
 * <p>A line that is blank after stripping ends a sentence (the train file uses a lone TAB 2,394
 * times). Each sentence is one post, so by default each sentence becomes its own CAS
 * ({@link #PARAM_SENTENCES_PER_CAS} = 1): one CAS per file would be one huge document, and the
 * posts are unrelated to each other. The document id is the file name, {@code #} and the 1-based
 * CAS number. See {@link ColumnCorpusReader} for the other parameters and the CAS layout.
 */
@ResourceMetaData(name = "bertner WNUT-17 reader")
@TypeCapability(outputs = {
        "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
        "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"})
public class Wnut17Reader extends ColumnCorpusReader {

    /**
     * How many consecutive sentences (posts) go into one CAS. 1 keeps every post its own document;
     * larger values only reduce per-CAS overhead.
     */
    public static final String PARAM_SENTENCES_PER_CAS = "sentencesPerCas";
    @ConfigurationParameter(name = PARAM_SENTENCES_PER_CAS, defaultValue = "1")
    private int sentencesPerCas;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        if (sentencesPerCas < 1) {
            throw new ResourceInitializationException(new IllegalArgumentException(
                    PARAM_SENTENCES_PER_CAS + " must be at least 1, found " + sentencesPerCas));
        }
    }

    @Override
    protected TagScheme defaultScheme() {
        return TagScheme.IOB2;
    }

    @Override
    protected List<ColumnDocument> parse(String fileName, TextLines text, AlignmentPolicy policy, ReadReport report) {
        return Wnut17Parser.parse(fileName, text, sentencesPerCas, policy, report);
    }
}
