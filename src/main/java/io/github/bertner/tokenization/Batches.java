package io.github.bertner.tokenization;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** Collation of windows into padded batches, and length bucketing. */
public final class Batches {

    private Batches() {
    }

    /**
     * Pads windows to the longest of them.
     *
     * @param windows the windows (at least one)
     * @param padId   the vocabulary's [PAD] id
     * @return the batch
     */
    public static EncodedBatch collate(List<EncodedWindow> windows, int padId) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("expected at least one window, found none");
        }
        int length = 0;
        for (EncodedWindow w : windows) {
            length = Math.max(length, w.length());
        }
        int n = windows.size();
        int[][] ids = new int[n][length];
        int[][] attention = new int[n][length];
        int[][] types = new int[n][length];
        int[][] labels = new int[n][length];
        for (int r = 0; r < n; r++) {
            EncodedWindow w = windows.get(r);
            int len = w.length();
            System.arraycopy(w.inputIds(), 0, ids[r], 0, len);
            Arrays.fill(ids[r], len, length, padId);
            Arrays.fill(attention[r], 0, len, 1);
            System.arraycopy(w.labelIds(), 0, labels[r], 0, len);
            Arrays.fill(labels[r], len, length, EncodedWindow.IGNORE);
        }
        return new EncodedBatch(ids, attention, types, labels, List.copyOf(windows));
    }

    /**
     * Groups windows of similar length so that little padding is needed: the windows are shuffled
     * with the seed (so equally long windows vary between epochs when the seed does), sorted by
     * length (stable), cut into batches of at most {@code maxWindows} windows and at most
     * {@code maxTokens} padded positions, and the batches are shuffled with the same seed. A
     * window longer than {@code maxTokens} forms a batch of its own. The same seed and input
     * always give the same batches.
     *
     * @param windows    the windows
     * @param maxWindows most windows per batch, at least 1
     * @param maxTokens  most padded positions (windows x longest length) per batch, at least 1
     * @param seed       shuffling seed
     * @return the batches; every window appears in exactly one
     */
    public static List<List<EncodedWindow>> bucket(List<EncodedWindow> windows, int maxWindows, int maxTokens,
                                                   long seed) {
        if (maxWindows < 1 || maxTokens < 1) {
            throw new IllegalArgumentException("expected maxWindows >= 1 and maxTokens >= 1, found " + maxWindows
                    + " and " + maxTokens);
        }
        Random random = new Random(seed);
        List<EncodedWindow> order = new ArrayList<>(windows);
        Collections.shuffle(order, random);
        order.sort(Comparator.comparingInt(EncodedWindow::length));
        List<List<EncodedWindow>> batches = new ArrayList<>();
        List<EncodedWindow> current = new ArrayList<>();
        for (EncodedWindow w : order) {
            // sorted ascending, so w is the longest window of the batch it joins
            if (!current.isEmpty() && (current.size() >= maxWindows
                    || (long) (current.size() + 1) * w.length() > maxTokens)) {
                batches.add(current);
                current = new ArrayList<>();
            }
            current.add(w);
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        Collections.shuffle(batches, random);
        return batches;
    }
}
