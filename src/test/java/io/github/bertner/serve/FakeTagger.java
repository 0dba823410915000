package io.github.bertner.serve;

import io.github.bertner.inference.EntityPrediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in for a model: every word found in a gazetteer is an entity of the listed type
 * and confidence; consecutive words of one type form one entity. Optionally blocks until released, so
 * tests can hold the queue.
 */
final class FakeTagger implements SentenceTagger {

    /** Word → {type, confidence}. */
    static final Map<String, Object[]> GAZETTEER = Map.ofEntries(
            Map.entry("Angela", new Object[] {"PER", 0.97}), Map.entry("Feldstein", new Object[] {"PER", 0.95}),
            Map.entry("Berlin", new Object[] {"LOC", 0.55}), Map.entry("Moscow", new Object[] {"LOC", 0.91}),
            Map.entry("Siemens", new Object[] {"ORG", 0.8}), Map.entry("Tesla", new Object[] {"PER", 0.7}),
            Map.entry("Фельдштейн", new Object[] {"PER", 0.93}), Map.entry("Москве", new Object[] {"LOC", 0.9}),
            Map.entry("Газпром", new Object[] {"ORG", 0.85}), Map.entry("Тесла", new Object[] {"ORG", 0.75}),
            Map.entry("Ангела", new Object[] {"PER", 0.96}));

    private final String id;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger maxSentencesPerCall = new AtomicInteger();
    volatile boolean closed;

    FakeTagger(String id, boolean blocking) {
        this.id = id;
        this.release = new CountDownLatch(blocking ? 1 : 0);
    }

    void awaitEntered() throws InterruptedException {
        if (!entered.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("the tagger was never called");
        }
    }

    void release() {
        release.countDown();
    }

    @Override
    public String modelId() {
        return id;
    }

    @Override
    public List<String> types() {
        return List.of("PER", "LOC", "ORG");
    }

    @Override
    public List<List<EntityPrediction>> tag(List<List<String>> sentences) {
        calls.incrementAndGet();
        maxSentencesPerCall.accumulateAndGet(sentences.size(), Math::max);
        entered.countDown();
        try {
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<List<EntityPrediction>> out = new ArrayList<>();
        for (List<String> words : sentences) {
            List<EntityPrediction> entities = new ArrayList<>();
            int i = 0;
            while (i < words.size()) {
                Object[] hit = GAZETTEER.get(words.get(i));
                if (hit == null) {
                    i++;
                    continue;
                }
                int j = i + 1;
                while (j < words.size() && GAZETTEER.containsKey(words.get(j))
                        && GAZETTEER.get(words.get(j))[0].equals(hit[0])) {
                    j++;
                }
                entities.add(new EntityPrediction(i, j, (String) hit[0], (Double) hit[1]));
                i = j;
            }
            out.add(entities);
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
    }
}
