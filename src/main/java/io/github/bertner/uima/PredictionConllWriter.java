package io.github.bertner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.io.FlatteningPolicy;
import io.github.bertner.tagging.TagScheme;
import io.github.bertner.type.ScoredNamedEntity;
import java.io.BufferedWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.OperationalProperties;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes all documents of a collection into one three-column CoNLL file: one
 * {@code token gold predicted} line per token (IOB2 tags), a blank line after each sentence,
 * and optionally a {@code -DOCSTART- O O} line before each document. Gold tags come from plain
 * {@link NamedEntity} annotations ({@code O} when the input has none), predictions from
 * {@link ScoredNamedEntity}. This is the format the evaluator reads.
 *
 * <p>Whitespace inside a token's text would break the columns; it is replaced by {@code _} and
 * counted. Tokens outside every sentence and entities that cannot be expressed as flat tags are
 * counted and logged at the end of the collection.
 */
// one instance only: all documents go into one CoNLL file in arrival order
@OperationalProperties(multipleDeploymentAllowed = false)
@ResourceMetaData(name = "bertner prediction CoNLL writer")
@TypeCapability(inputs = {
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
        "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity",
        "io.github.bertner.type.ScoredNamedEntity"})
public class PredictionConllWriter extends JCasAnnotator_ImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(PredictionConllWriter.class);
    private static final Pattern WHITESPACE = Pattern.compile("\\s");

    /** File to write (created or overwritten; parent folders are created). */
    public static final String PARAM_TARGET_LOCATION = "targetLocation";
    @ConfigurationParameter(name = PARAM_TARGET_LOCATION)
    private String targetLocation;

    /** Whether to write a {@code -DOCSTART- O O} line and a blank line before each document. */
    public static final String PARAM_WRITE_DOCSTART = "writeDocstart";
    @ConfigurationParameter(name = PARAM_WRITE_DOCSTART, defaultValue = "false")
    private boolean writeDocstart;

    private BufferedWriter out;
    private long tokensOutsideSentences;
    private long tokensWithWhitespace;
    private long goldMisaligned;
    private long goldOverlapping;
    private long goldUntyped;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        out = TargetFile.open(targetLocation);
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        try {
            if (writeDocstart) {
                out.write("-DOCSTART- O O\n\n");
            }
            int covered = 0;
            for (Sentence sentence : JCasUtil.select(jcas, Sentence.class)) {
                List<Token> tokens = JCasUtil.selectCovered(Token.class, sentence);
                if (tokens.isEmpty()) {
                    continue;
                }
                covered += tokens.size();
                List<NamedEntity> gold = new ArrayList<>();
                List<NamedEntity> predicted = new ArrayList<>();
                for (NamedEntity ne : JCasUtil.selectCovered(NamedEntity.class, sentence)) {
                    (ne instanceof ScoredNamedEntity ? predicted : gold).add(ne);
                }
                EntityTags.Result goldTags = EntityTags.tag(tokens, gold, FlatteningPolicy.OUTERMOST,
                        TagScheme.IOB2, null);
                goldMisaligned += goldTags.misaligned().size();
                goldOverlapping += goldTags.flattened();
                goldUntyped += goldTags.untyped().size();
                List<String> predTags = EntityTags.tag(tokens, predicted, FlatteningPolicy.OUTERMOST,
                        TagScheme.IOB2, null).tags();
                for (int i = 0; i < tokens.size(); i++) {
                    out.write(tokenText(tokens.get(i)));
                    out.write(' ');
                    out.write(goldTags.tags().get(i));
                    out.write(' ');
                    out.write(predTags.get(i));
                    out.write('\n');
                }
                out.write('\n');
            }
            tokensOutsideSentences += JCasUtil.select(jcas, Token.class).size() - covered;
        } catch (IOException e) {
            throw new AnalysisEngineProcessException(e);
        }
    }

    private String tokenText(Token token) {
        String text = token.getText();
        if (text.isEmpty()) {
            tokensWithWhitespace++;
            return "_";
        }
        if (WHITESPACE.matcher(text).find()) {
            tokensWithWhitespace++;
            return WHITESPACE.matcher(text).replaceAll("_");
        }
        return text;
    }

    @Override
    public void collectionProcessComplete() throws AnalysisEngineProcessException {
        super.collectionProcessComplete();
        try {
            closeOutput();
        } catch (IOException e) {
            throw new AnalysisEngineProcessException(e);
        }
        if (tokensOutsideSentences + tokensWithWhitespace + goldMisaligned + goldOverlapping + goldUntyped > 0) {
            LOG.warn("{}: {} tokens outside sentences not written, {} empty or whitespace tokens written with '_', "
                            + "gold entities not tagged: {} misaligned, {} overlapping, {} without type",
                    targetLocation, tokensOutsideSentences, tokensWithWhitespace, goldMisaligned,
                    goldOverlapping, goldUntyped);
        }
    }

    @Override
    public void destroy() {
        try {
            closeOutput();
        } catch (IOException e) {
            LOG.warn("{}: closing failed", targetLocation, e);
        }
        super.destroy();
    }

    private void closeOutput() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
