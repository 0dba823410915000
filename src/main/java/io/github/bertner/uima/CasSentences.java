package io.github.bertner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.io.FlatteningPolicy;
import io.github.bertner.tagging.TagScheme;
import io.github.bertner.tagging.Span;
import io.github.bertner.training.LabeledSentence;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns the Sentence / Token / NamedEntity annotations of a CAS into {@link LabeledSentence}s for
 * training. An entity whose begin or end does not fall on a token boundary of its sentence is skipped;
 * nested or overlapping entities (factRuEval, NEREL) are reduced to non-overlapping ones by an explicit
 * {@link FlatteningPolicy}. Every entity left out is logged and counted; nothing is dropped silently.
 */
public final class CasSentences {

    private static final Logger LOG = LoggerFactory.getLogger(CasSentences.class);

    private final AtomicLong sentences = new AtomicLong();
    private final AtomicLong entities = new AtomicLong();
    private final AtomicLong misaligned = new AtomicLong();
    private final AtomicLong overlapping = new AtomicLong();
    private final AtomicLong untyped = new AtomicLong();
    private final FlatteningPolicy flattening;

    /** Extracts with the {@link FlatteningPolicy#OUTERMOST} policy. */
    public CasSentences() {
        this(FlatteningPolicy.OUTERMOST);
    }

    /**
     * Extracts with a chosen flattening policy.
     *
     * @param flattening which of overlapping entities to keep
     */
    public CasSentences(FlatteningPolicy flattening) {
        this.flattening = java.util.Objects.requireNonNull(flattening, "flattening");
    }

    /**
     * Extracts the sentences of one CAS.
     *
     * @param jcas the document
     * @return its sentences with gold entities (sentences without tokens are left out)
     */
    public List<LabeledSentence> extract(JCas jcas) {
        String docId = documentId(jcas);
        List<LabeledSentence> out = new ArrayList<>();
        int n = 0;
        for (Sentence sentence : JCasUtil.select(jcas, Sentence.class)) {
            n++;
            List<Token> tokens = JCasUtil.selectCovered(Token.class, sentence);
            if (tokens.isEmpty()) {
                continue;
            }
            List<String> words = new ArrayList<>(tokens.size());
            for (Token t : tokens) {
                words.add(t.getCoveredText());
            }
            String id = docId + "#" + n;
            EntityTags.Result r = EntityTags.tag(tokens, JCasUtil.selectCovered(NamedEntity.class, sentence),
                    flattening, TagScheme.IOB2, null);
            for (NamedEntity ne : r.untyped()) {
                LOG.warn("{}: entity '{}' at {}-{} has no type value; skipped", id, ne.getCoveredText(),
                        ne.getBegin(), ne.getEnd());
            }
            for (NamedEntity ne : r.misaligned()) {
                LOG.warn("{}: entity '{}' at {}-{} does not start and end on token boundaries; skipped", id,
                        ne.getCoveredText(), ne.getBegin(), ne.getEnd());
            }
            if (r.flattened() > 0) {
                LOG.debug("{}: {} nested or overlapping entities left out by {} flattening", id, r.flattened(),
                        flattening);
            }
            untyped.addAndGet(r.untyped().size());
            misaligned.addAndGet(r.misaligned().size());
            overlapping.addAndGet(r.flattened());
            entities.addAndGet(r.spans().size());
            List<Span> spans = r.spans();
            out.add(new LabeledSentence(id, words, spans));
            sentences.incrementAndGet();
        }
        return out;
    }

    /**
     * Counters of everything extracted and skipped so far.
     *
     * @return counter name to value
     */
    public Map<String, Long> counts() {
        return Map.of("sentences", sentences.get(), "entities", entities.get(),
                "skipped.misaligned", misaligned.get(), "skipped.flattened", overlapping.get(),
                "skipped.untyped", untyped.get());
    }

    private static String documentId(JCas jcas) {
        if (!JCasUtil.exists(jcas, DocumentMetaData.class)) {
            return "document";
        }
        DocumentMetaData meta = JCasUtil.selectSingle(jcas, DocumentMetaData.class);
        String id = meta.getDocumentId();
        if (id == null) {
            id = meta.getDocumentUri();
        }
        return id == null ? "document" : id;
    }
}
