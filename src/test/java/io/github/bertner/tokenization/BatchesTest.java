package io.github.bertner.tokenization;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchesTest {

    private static EncodedWindow window(int length) {
        int[] ids = new int[length];
        int[] labels = new int[length];
        int[] word = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = 10 + i;
            labels[i] = i == 0 || i == length - 1 ? EncodedWindow.IGNORE : i % 3;
            word[i] = i == 0 || i == length - 1 ? -1 : i - 1;
        }
        boolean[] loss = new boolean[length];
        for (int i = 0; i < length; i++) {
            loss[i] = labels[i] != EncodedWindow.IGNORE;
        }
        return new EncodedWindow(ids, labels, loss, new boolean[length], word, new int[length], new int[length], 0,
                length - 2);
    }

    @Test
    void collatePadsToTheLongestWindow() {
        EncodedBatch b = Batches.collate(List.of(window(5), window(3)), 0);
        assertEquals(2, b.size());
        assertEquals(5, b.length());
        assertArrayEquals(new int[] {10, 11, 12, 0, 0}, b.inputIds()[1]);
        assertArrayEquals(new int[] {1, 1, 1, 0, 0}, b.attentionMask()[1]);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1}, b.attentionMask()[0]);
        assertArrayEquals(new int[] {-100, 1, -100, -100, -100}, b.labelIds()[1]);
        assertArrayEquals(new int[5], b.tokenTypeIds()[0]);
        assertThrows(IllegalArgumentException.class, () -> Batches.collate(List.of(), 0));
    }

    @Test
    void collateOfEncodedWindowsMasksSpecialsAndPadding() {
        BertWordPieceTokenizer tok = new BertWordPieceTokenizer(TestVocab.letters(), TokenizerSettings.cased());
        TestData.Sentence doc = SequenceEncoderTest.randomDocument(300, 5);
        LabelSet set = LabelSet.fromTags(doc.tags(), LabelAlignment.ALL);
        List<EncodedWindow> windows = SequenceEncoder.builder().setTokenizer(tok).setLabelSet(set)
                .setAlignment(LabelAlignment.ALL).setMaxLength(50).setStride(10).build()
                .encode(doc.words(), doc.begins(), doc.tags());
        EncodedBatch b = Batches.collate(windows, tok.vocab().padId());
        for (int r = 0; r < b.size(); r++) {
            for (int c = 0; c < b.length(); c++) {
                int id = b.inputIds()[r][c];
                boolean special = id == tok.vocab().clsId() || id == tok.vocab().sepId() || id == tok.vocab().padId();
                assertEquals(special, b.labelIds()[r][c] == EncodedWindow.IGNORE, "row " + r + " col " + c);
                assertEquals(id != tok.vocab().padId(), b.attentionMask()[r][c] == 1);
            }
        }
    }

    @Test
    void bucketingIsCompleteBoundedAndDeterministic() {
        Random r = new Random(1);
        List<EncodedWindow> windows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            windows.add(window(3 + r.nextInt(60)));
        }
        List<List<EncodedWindow>> batches = Batches.bucket(windows, 8, 200, 42);
        Map<EncodedWindow, Integer> seen = new IdentityHashMap<>();
        for (List<EncodedWindow> batch : batches) {
            int longest = batch.stream().mapToInt(EncodedWindow::length).max().orElseThrow();
            assertTrue(batch.size() <= 8);
            assertTrue(batch.size() * longest <= 200 || batch.size() == 1);
            batch.forEach(w -> seen.merge(w, 1, Integer::sum));
        }
        assertEquals(200, seen.size());
        assertTrue(seen.values().stream().allMatch(c -> c == 1));
        assertEquals(batches, Batches.bucket(windows, 8, 200, 42));
        assertNotEquals(batches, Batches.bucket(windows, 8, 200, 43));
        // a window longer than the token budget gets a batch of its own
        List<List<EncodedWindow>> big = Batches.bucket(List.of(window(300), window(4)), 8, 200, 0);
        assertEquals(2, big.size());
        List<Integer> sizes = new ArrayList<>();
        big.forEach(bt -> sizes.add(bt.size()));
        assertEquals(Collections.nCopies(2, 1), sizes);
        assertThrows(IllegalArgumentException.class, () -> Batches.bucket(windows, 0, 10, 0));
    }
}
