package io.github.bertner.eval;

import java.util.List;

/**
 * A count matrix with <b>gold labels as rows and predicted labels as columns</b>.
 *
 * @param rows row labels (gold)
 * @param columns column labels (predicted)
 * @param counts {@code counts[r][c]}: items with gold label {@code rows[r]} predicted as {@code columns[c]}
 */
public record ConfusionMatrix(List<String> rows, List<String> columns, long[][] counts) {

    /**
     * Copies the labels and checks the shape.
     *
     * @param rows row labels
     * @param columns column labels
     * @param counts counts, rows x columns
     */
    public ConfusionMatrix {
        rows = List.copyOf(rows);
        columns = List.copyOf(columns);
        if (counts.length != rows.size()) {
            throw new IllegalArgumentException("expected " + rows.size() + " rows, found " + counts.length);
        }
        long[][] copy = new long[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            if (counts[r].length != columns.size()) {
                throw new IllegalArgumentException("row " + r + ": expected " + columns.size()
                        + " columns, found " + counts[r].length);
            }
            copy[r] = counts[r].clone();
        }
        counts = copy;
    }

    /**
     * Count for a pair of labels.
     *
     * @param gold row label
     * @param predicted column label
     * @return the count, 0 when a label is absent
     */
    public long get(String gold, String predicted) {
        int r = rows.indexOf(gold);
        int c = columns.indexOf(predicted);
        return r < 0 || c < 0 ? 0 : counts[r][c];
    }

    /**
     * Sum of a row.
     *
     * @param r row index
     * @return the row total
     */
    public long rowTotal(int r) {
        long sum = 0;
        for (long v : counts[r]) {
            sum += v;
        }
        return sum;
    }

    /**
     * Sum of all cells.
     *
     * @return the total
     */
    public long total() {
        long sum = 0;
        for (int r = 0; r < counts.length; r++) {
            sum += rowTotal(r);
        }
        return sum;
    }
}
