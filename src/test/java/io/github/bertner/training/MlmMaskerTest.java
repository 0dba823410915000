package io.github.bertner.training;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlmMaskerTest {

    private static final int PAD = 0;
    private static final int UNK = 1;
    private static final int CLS = 2;
    private static final int SEP = 3;
    private static final int MASK = 4;
    private static final int VOCAB = 1000;

    private static int[][][] batch(int rows, int len) {
        int[][] ids = new int[rows][len];
        int[][] att = new int[rows][len];
        for (int b = 0; b < rows; b++) {
            int real = len - (b % 7);
            ids[b][0] = CLS;
            for (int s = 1; s < real - 1; s++) {
                ids[b][s] = 5 + (b * 31 + s * 17) % (VOCAB - 5);
            }
            ids[b][real - 1] = SEP;
            for (int s = 0; s < real; s++) {
                att[b][s] = 1;
            }
        }
        return new int[][][] {ids, att};
    }

    @Test
    void ratesFollowThe80_10_10Rule() {
        MlmMasker masker = new MlmMasker(VOCAB, MASK, new int[] {PAD, UNK, CLS, SEP}, 0.15);
        int[][][] in = batch(400, 128);
        long eligible = 0;
        long selected = 0;
        long masked = 0;
        long random = 0;
        long kept = 0;
        for (int step = 0; step < 5; step++) {
            MlmMasker.Masked m = masker.mask(in[0], in[1], 42, step);
            for (int b = 0; b < in[0].length; b++) {
                for (int s = 0; s < in[0][b].length; s++) {
                    int orig = in[0][b][s];
                    boolean special = orig <= MASK || in[1][b][s] == 0;
                    if (special) {
                        assertEquals(MaskedCrossEntropy.IGNORE, m.labels()[b][s], "special token selected");
                        assertEquals(orig, m.inputIds()[b][s], "special token changed");
                        continue;
                    }
                    eligible++;
                    if (m.labels()[b][s] == MaskedCrossEntropy.IGNORE) {
                        assertEquals(orig, m.inputIds()[b][s]);
                        continue;
                    }
                    selected++;
                    assertEquals(orig, m.labels()[b][s]);
                    int now = m.inputIds()[b][s];
                    if (now == MASK) {
                        masked++;
                    } else if (now == orig) {
                        kept++;
                    } else {
                        random++;
                        assertTrue(now > MASK, "random replacement must not be a special token");
                    }
                }
            }
        }
        double sel = (double) selected / eligible;
        assertEquals(0.15, sel, 0.005);
        // random replacement can draw the original token (1/995), which then counts as kept
        assertEquals(0.8, (double) masked / selected, 0.01);
        assertEquals(0.1, (double) random / selected, 0.01);
        assertEquals(0.1, (double) kept / selected, 0.01);
    }

    @Test
    void sameSeedAndStepGiveSameMask() {
        MlmMasker masker = new MlmMasker(VOCAB, MASK, new int[] {PAD, UNK, CLS, SEP}, 0.15);
        int[][][] in = batch(8, 32);
        MlmMasker.Masked a = masker.mask(in[0], in[1], 7, 3);
        MlmMasker.Masked b = masker.mask(in[0], in[1], 7, 3);
        MlmMasker.Masked c = masker.mask(in[0], in[1], 7, 4);
        assertArrayEquals(a.inputIds(), b.inputIds());
        assertArrayEquals(a.labels(), b.labels());
        assertNotEquals(java.util.Arrays.deepToString(a.labels()), java.util.Arrays.deepToString(c.labels()));
    }
}
