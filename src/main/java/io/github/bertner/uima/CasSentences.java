package io.github.bertner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.io.EntityFlattener;
import io.github.bertner.io.FlatteningPolicy;
import io.github.bertner.tagging.CharSpan;
import io.github.bertner.tagging.Span;
import io.github.bertner.training.LabeledSentence;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
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
            Map<Integer, Integer> byBegin = new HashMap<>();
            Map<Integer, Integer> byEnd = new HashMap<>();
            List<String> words = new ArrayList<>();
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                byBegin.put(t.getBegin(), i);
                byEnd.put(t.getEnd(), i + 1);
                words.add(t.getCoveredText());
            }
            String id = docId + "#" + n;
            List<CharSpan> candidates = new ArrayList<>();
            for (NamedEntity ne : JCasUtil.selectCovered(NamedEntity.class, sentence)) {
                Integer s = byBegin.get(ne.getBegin());
                Integer e = byEnd.get(ne.getEnd());
                String type = ne.getValue();
                if (type == null || type.isBlank()) {
                    untyped.incrementAndGet();
                    LOG.warn("{}: entity '{}' at {}-{} has no type value; skipped", id, ne.getCoveredText(),
                            ne.getBegin(), ne.getEnd());
                } else if (s == null || e == null || e <= s) {
                    misaligned.incrementAndGet();
                    LOG.warn("{}: entity '{}' at {}-{} does not start and end on token boundaries; skipped", id,
                            ne.getCoveredText(), ne.getBegin(), ne.getEnd());
                } else {
                    candidates.add(new CharSpan(ne.getBegin(), ne.getEnd(), type));
                }
            }
            List<CharSpan> kept = EntityFlattener.flatten(candidates, flattening);
            if (kept.size() < candidates.size()) {
                List<CharSpan> left = new ArrayList<>(candidates);
                kept.forEach(left::remove);
                for (CharSpan c : left) {
                    overlapping.incrementAndGet();
                    LOG.debug("{}: entity {} at {}-{} overlaps a kept one; left out by {} flattening", id, c.type(),
                            c.begin(), c.end(), flattening);
                }
            }
            List<Span> spans = new ArrayList<>(kept.size());
            for (CharSpan c : kept) {
                spans.add(new Span(byBegin.get(c.begin()), byEnd.get(c.end()), c.type()));
                entities.incrementAndGet();
            }
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
