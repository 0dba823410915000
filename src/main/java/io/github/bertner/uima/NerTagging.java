package io.github.bertner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.inference.Batching;
import io.github.bertner.inference.EntityPrediction;
import io.github.bertner.inference.NerPredictor;
import io.github.bertner.inference.SentencePrediction;
import io.github.bertner.tagging.Decoding;
import io.github.bertner.type.ScoredNamedEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link NerTagger} does to a CAS, for one CAS or for a batch of them: reads the {@link Token}s of each
 * {@link Sentence} (their {@link Token#getText() text}, the one token-text rule of training, tagging and
 * evaluation), predicts the words of all documents of the batch in one call of the shared
 * {@link NerPredictor}, so that windows fill model calls across documents, and adds one {@link ScoredNamedEntity}
 * per predicted entity.
 *
 * <p>A batch of many short documents (one post or tweet per CAS) thus runs at full model calls instead of one
 * small call per document; the {@code tag} command batches consecutive documents this way
 * ({@code --batch-documents}). The predictions of a batch do not depend on other threads ({@link Batching#OWN}
 * unless asked otherwise), so a fixed grouping of the input gives the same output bit for bit.
 *
 * <p>Sentences without tokens are skipped and counted; tokens outside every sentence are not tagged, counted and
 * logged. Not thread-safe (its counts); use one instance per thread, all sharing one predictor.
 */
public final class NerTagging {

    private static final Logger LOG = LoggerFactory.getLogger(NerTagging.class);

    /**
     * Running totals of one instance.
     *
     * @param documents              CASes tagged
     * @param sentences              sentences with tokens
     * @param emptySentences         sentences without tokens, skipped
     * @param tokens                 tokens inside sentences, tagged
     * @param tokensOutsideSentences tokens outside every sentence, not tagged
     * @param entities               entities added
     */
    public record Counts(long documents, long sentences, long emptySentences, long tokens,
                         long tokensOutsideSentences, long entities) {
    }

    /** The tokens and words of one CAS, read before prediction. */
    private record DocumentWords(JCas jcas, List<List<Token>> tokens, List<List<String>> words) {
    }

    private final NerPredictor predictor;
    private final Decoding decoding;
    private final Batching batching;
    private final String source;
    private long documents;
    private long sentences;
    private long emptySentences;
    private long tokens;
    private long tokensOutsideSentences;
    private long entities;

    /**
     * @param predictor the (shared) model; not closed by this class
     * @param decoding  Viterbi or argmax
     * @param batching  whether model calls may hold windows of other threads' batches
     * @param source    written to each entity's {@code source} (the model location)
     */
    public NerTagging(NerPredictor predictor, Decoding decoding, Batching batching, String source) {
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        this.decoding = Objects.requireNonNull(decoding, "decoding");
        this.batching = Objects.requireNonNull(batching, "batching");
        this.source = source;
    }

    /**
     * Tags the documents together: their windows share model calls.
     *
     * @param batch the CASes, each with tokens and sentences
     */
    public void process(List<JCas> batch) {
        List<DocumentWords> read = new ArrayList<>(batch.size());
        List<List<List<String>>> words = new ArrayList<>(batch.size());
        for (JCas jcas : batch) {
            DocumentWords d = read(jcas);
            read.add(d);
            words.add(d.words());
        }
        List<List<SentencePrediction>> predictions = predictor.core().predictDocuments(words, decoding, batching);
        for (int i = 0; i < read.size(); i++) {
            annotate(read.get(i), predictions.get(i));
        }
        documents += batch.size();
    }

    /** @return the totals so far */
    public Counts counts() {
        return new Counts(documents, sentences, emptySentences, tokens, tokensOutsideSentences, entities);
    }

    /** Logs the totals, as a tagger does at the end of a collection. */
    public void logCounts() {
        LOG.info("tagged {} documents, {} sentences, {} tokens: {} entities; {} sentences without tokens skipped, "
                + "{} tokens outside sentences not tagged", documents, sentences, tokens, entities, emptySentences,
                tokensOutsideSentences);
    }

    private DocumentWords read(JCas jcas) {
        List<List<Token>> sentenceTokens = new ArrayList<>();
        List<List<String>> sentenceWords = new ArrayList<>();
        long inside = 0;
        for (Sentence sentence : JCasUtil.select(jcas, Sentence.class)) {
            List<Token> covered = JCasUtil.selectCovered(Token.class, sentence);
            if (covered.isEmpty()) {
                emptySentences++;
                LOG.debug("skipping sentence [{}, {}) without tokens", sentence.getBegin(), sentence.getEnd());
                continue;
            }
            List<String> words = new ArrayList<>(covered.size());
            for (Token token : covered) {
                words.add(token.getText());
            }
            sentenceTokens.add(covered);
            sentenceWords.add(words);
            inside += covered.size();
        }
        tokens += inside;
        sentences += sentenceWords.size();
        long outside = JCasUtil.select(jcas, Token.class).size() - inside;
        if (outside > 0) {
            // tokens are only tagged inside sentences; say so instead of losing them silently
            tokensOutsideSentences += outside;
            LOG.warn("{} tokens outside any sentence were not tagged", outside);
        }
        return new DocumentWords(jcas, sentenceTokens, sentenceWords);
    }

    private void annotate(DocumentWords d, List<SentencePrediction> predictions) {
        for (int s = 0; s < predictions.size(); s++) {
            List<Token> covered = d.tokens().get(s);
            for (EntityPrediction entity : predictions.get(s).entities()) {
                ScoredNamedEntity ne = new ScoredNamedEntity(d.jcas(), covered.get(entity.start()).getBegin(),
                        covered.get(entity.end() - 1).getEnd());
                ne.setValue(entity.type());
                ne.setConfidence(entity.confidence());
                ne.setSource(source);
                ne.addToIndexes();
                entities++;
            }
        }
    }
}
