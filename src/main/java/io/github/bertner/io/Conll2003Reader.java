package io.github.bertner.io;

import io.github.bertner.tagging.TagScheme;
import java.util.List;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;

/**
 * Reads CoNLL-2003 files ({@code eng.train}, {@code eng.testa}, {@code eng.testb}): four columns
 * {@code WORD POS CHUNK NER} separated by single spaces, IOB1 tags, blank lines between sentences.
 *
 * <p>Unlike DKPro's {@code Conll2003Reader}, which makes one CAS per file and keeps the
 * {@code -DOCSTART-} line as a sentence, this reader makes <b>one CAS per document</b>: any line whose
 * first field is {@code -DOCSTART-} (both the {@code -X- O O} and the {@code -X- -X- O} variant)
 * starts a new document and is not part of the text. Document text: tokens joined by single spaces,
 * sentences by {@code "\n"}. The POS column becomes a DKPro {@code POS} on each token; the CHUNK
 * column is validated but not stored (DKPro's {@code Chunk} type lives in dkpro-core-api-syntax,
 * which is not a dependency). See {@link ColumnCorpusReader} for parameters and CAS layout, and
 * {@link Conll2003Parser} for the counted quirks.
 */
@ResourceMetaData(name = "bertner CoNLL-2003 reader")
@TypeCapability(outputs = {
        "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
        "de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS",
        "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"})
public class Conll2003Reader extends ColumnCorpusReader {

    @Override
    protected TagScheme defaultScheme() {
        return TagScheme.IOB1;
    }

    @Override
    protected List<ColumnDocument> parse(String fileName, TextLines text, AlignmentPolicy policy, ReadReport report) {
        return Conll2003Parser.parse(fileName, text, policy, report);
    }
}
