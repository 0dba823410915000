package io.github.bertner.inference;

/**
 * How much one model call may hold: a cap on windows and a cap on padded pieces (windows times the
 * longest window of the batch), so short sequences fill a batch with many windows and long ones with few.
 *
 * @param maxWindows most windows per model call, at least 1
 * @param maxPieces  most padded positions per model call, at least 1 (a single longer window still runs alone)
 */
public record BatchBudget(int maxWindows, int maxPieces) {

    /** 32 windows or 4096 pieces, whichever is reached first. */
    public static final BatchBudget DEFAULT = new BatchBudget(32, 4096);

    /** Validates both caps. */
    public BatchBudget {
        if (maxWindows < 1 || maxPieces < 1) {
            throw new IllegalArgumentException("expected a batch budget of at least 1 window and 1 piece, found "
                    + maxWindows + " windows and " + maxPieces + " pieces");
        }
    }

    /**
     * Whether a batch may grow to {@code windows} windows whose longest has {@code longest} pieces.
     *
     * @param windows number of windows after adding one
     * @param longest longest window length after adding it
     * @return true when both caps hold (a batch of one always fits)
     */
    boolean fits(int windows, int longest) {
        return windows == 1 || (windows <= maxWindows && (long) windows * longest <= maxPieces);
    }
}
