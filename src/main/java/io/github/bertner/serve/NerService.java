package io.github.bertner.serve;

import io.github.bertner.compare.EntityMatcher;
import io.github.bertner.compare.EntityMention;
import io.github.bertner.compare.PairComparison;
import io.github.bertner.inference.EntityPrediction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tagging and cross-lingual comparison of raw texts, without HTTP: one {@link BatchingTagger} per
 * language, {@link TextTagging} around it, {@link EntityMatcher} for pairs. Thread-safe; the HTTP server
 * and the {@code compare} command share it.
 */
public final class NerService implements AutoCloseable {

    private final Map<String, BatchingTagger> taggers;
    private final String defaultLanguage;
    private final EntityMatcher matcher;
    private final long timeoutMillis;

    private NerService(Builder b) {
        if (b.taggers.isEmpty()) {
            throw new IllegalArgumentException("expected at least one model, found none");
        }
        this.taggers = new LinkedHashMap<>();
        b.taggers.forEach((lang, t) -> taggers.put(lang, new BatchingTagger(lang, t, b.queueCapacity, b.maxBatchSentences)));
        this.defaultLanguage = taggers.containsKey("en") ? "en" : taggers.keySet().iterator().next();
        this.matcher = b.matcher;
        this.timeoutMillis = b.timeoutMillis;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of a {@link NerService}; at least one model is required. */
    public static final class Builder {
        private final Map<String, SentenceTagger> taggers = new LinkedHashMap<>();
        private int queueCapacity = 64;
        private int maxBatchSentences = 64;
        private long timeoutMillis = 120_000;
        private EntityMatcher matcher = EntityMatcher.builder().build();

        private Builder() {
        }

        /**
         * @param language language code, for example {@code en}
         * @param tagger   its model (closed with the service)
         * @return this builder
         */
        public Builder addModel(String language, SentenceTagger tagger) {
            if (taggers.putIfAbsent(Objects.requireNonNull(language, "language"),
                    Objects.requireNonNull(tagger, "tagger")) != null) {
                throw new IllegalArgumentException("expected one model per language, found a second for '"
                        + language + "'");
            }
            return this;
        }

        /**
         * @param queueCapacity most requests waiting per model (default 64); more are refused
         * @return this builder
         */
        public Builder optQueueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /**
         * @param maxBatchSentences most sentences merged into one model call (default 64)
         * @return this builder
         */
        public Builder optMaxBatchSentences(int maxBatchSentences) {
            this.maxBatchSentences = maxBatchSentences;
            return this;
        }

        /**
         * @param timeoutMillis longest wait for a result (default 120,000)
         * @return this builder
         */
        public Builder optTimeoutMillis(long timeoutMillis) {
            this.timeoutMillis = timeoutMillis;
            return this;
        }

        /**
         * @param matcher cross-lingual matcher (default {@link EntityMatcher#builder()} defaults)
         * @return this builder
         */
        public Builder optMatcher(EntityMatcher matcher) {
            this.matcher = Objects.requireNonNull(matcher, "matcher");
            return this;
        }

        /** @return the service, its workers started */
        public NerService build() {
            return new NerService(this);
        }
    }

    /** @return the languages with a model, in the order they were added */
    public List<String> languages() {
        return List.copyOf(taggers.keySet());
    }

    /** @return the language used when a request names none: {@code en} if loaded, else the first */
    public String defaultLanguage() {
        return defaultLanguage;
    }

    /**
     * @param language a loaded language
     * @return its queue (for health reports)
     */
    public BatchingTagger queue(String language) {
        return tagger(language);
    }

    private BatchingTagger tagger(String language) {
        BatchingTagger t = taggers.get(language);
        if (t == null) {
            throw new UnknownLanguageException(language, taggers.keySet());
        }
        return t;
    }

    /**
     * Tags a text.
     *
     * @param text     the text
     * @param language a loaded language, or null for {@link #defaultLanguage()}
     * @return the tagged text
     * @throws UnknownLanguageException when no model is loaded for the language
     * @throws QueueFullException       when the model's queue is full
     * @throws TimeoutException         when the result takes longer than the timeout
     */
    public TaggedText tag(String text, String language) throws TimeoutException {
        String lang = language == null ? defaultLanguage : language;
        BatchingTagger t = tagger(lang);
        TextTagging.Prepared p = TextTagging.prepare(text);
        return TextTagging.assemble(lang, t.tagger().modelId(), p, await(t.submit(p.sentences())));
    }

    /**
     * Tags a text and its translation (both queued before waiting) and compares their entities.
     *
     * @param sourceText     the source text
     * @param sourceLanguage its language
     * @param targetText     the translation
     * @param targetLanguage its language
     * @return both tagged texts and the comparison
     * @throws UnknownLanguageException when no model is loaded for a language
     * @throws QueueFullException       when a model's queue is full
     * @throws TimeoutException         when a result takes longer than the timeout
     */
    public PairResult compare(String sourceText, String sourceLanguage, String targetText, String targetLanguage)
            throws TimeoutException {
        BatchingTagger st = tagger(sourceLanguage);
        BatchingTagger tt = tagger(targetLanguage);
        TextTagging.Prepared sp = TextTagging.prepare(sourceText);
        TextTagging.Prepared tp = TextTagging.prepare(targetText);
        CompletableFuture<List<List<EntityPrediction>>> sf = st.submit(sp.sentences());
        CompletableFuture<List<List<EntityPrediction>>> tf = tt.submit(tp.sentences());
        TaggedText source = TextTagging.assemble(sourceLanguage, st.tagger().modelId(), sp, await(sf));
        TaggedText target = TextTagging.assemble(targetLanguage, tt.tagger().modelId(), tp, await(tf));
        return new PairResult(source, target, compare(source, target));
    }

    /**
     * Compares the entities of two tagged texts.
     *
     * @param source the tagged source
     * @param target the tagged translation
     * @return the comparison
     */
    public PairComparison compare(TaggedText source, TaggedText target) {
        return matcher.compare(mentions(source), mentions(target));
    }

    private static List<EntityMention> mentions(TaggedText t) {
        List<EntityMention> m = new ArrayList<>(t.entities().size());
        for (TaggedEntity e : t.entities()) {
            m.add(new EntityMention(e.text(), e.type(), e.confidence()));
        }
        return m;
    }

    private <T> T await(CompletableFuture<T> f) throws TimeoutException {
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the tagger", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("tagging failed", c);
        }
    }

    /** Tags what is queued, then closes every model. */
    @Override
    public void close() {
        taggers.values().forEach(BatchingTagger::close);
    }
}
