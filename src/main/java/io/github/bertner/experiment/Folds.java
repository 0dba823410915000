package io.github.bertner.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Deterministic k-fold assignment of documents: the documents are shuffled with a seeded
 * {@link Random} (whose sequence the Java specification fixes, so every JVM deals the same folds) and
 * dealt round-robin, so fold sizes differ by at most one document.
 */
public final class Folds {

    private Folds() {
    }

    /**
     * Assigns each document a fold.
     *
     * @param documents number of documents, in reading order
     * @param k         number of folds, at least 2 and at most {@code documents}
     * @param seed      shuffle seed
     * @return the fold (0-based) of each document, indexed like the documents
     * @throws IllegalArgumentException when there are fewer documents than folds
     */
    public static int[] assign(int documents, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("expected at least 2 folds, found " + k);
        }
        if (documents < k) {
            throw new IllegalArgumentException("expected at least as many training documents as folds (" + k
                    + "), found " + documents + "; cross-validation splits whole documents");
        }
        List<Integer> order = new ArrayList<>(documents);
        for (int i = 0; i < documents; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int[] fold = new int[documents];
        for (int pos = 0; pos < documents; pos++) {
            fold[order.get(pos)] = pos % k;
        }
        return fold;
    }
}
