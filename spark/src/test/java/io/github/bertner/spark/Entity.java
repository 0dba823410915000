package io.github.bertner.spark;

import java.util.Comparator;

/** An entity row as the tests compare them: the job's output columns. */
record Entity(String docId, int begin, int end, String type, String text, double confidence) {

    /** Document, then position: the order both sides are sorted into. */
    static final Comparator<Entity> ORDER = Comparator.comparing(Entity::docId).thenComparingInt(Entity::begin)
            .thenComparingInt(Entity::end);
}
