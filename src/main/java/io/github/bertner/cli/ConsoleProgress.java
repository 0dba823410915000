package io.github.bertner.cli;

import io.github.bertner.training.ProgressListener;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Progress display for training commands: a bar redrawn in place on a terminal, or one line every
 * {@code every} updates when the output is a file (nohup runs).
 */
final class ConsoleProgress implements ProgressListener {

    private final PrintWriter out;
    private final boolean terminal;
    private final long every;

    ConsoleProgress(PrintWriter out, boolean terminal, long every) {
        this.out = out;
        this.terminal = terminal;
        this.every = Math.max(1, every);
    }

    @Override
    public void onStep(Step s) {
        boolean lastOfEpoch = s.batch() + 1 == s.batchesPerEpoch() || s.step() == s.totalSteps();
        if (!terminal && s.step() % every != 0 && !lastOfEpoch) {
            return;
        }
        int width = 30;
        int filled = (int) Math.round(width * (double) (s.batch() + 1) / s.batchesPerEpoch());
        String bar = "=".repeat(Math.max(0, filled)) + " ".repeat(Math.max(0, width - filled));
        String line = String.format(Locale.ROOT, "epoch %d [%s] %d/%d step %d/%d loss %.4f lr %.2e %,.0f tok/s ETA %s",
                s.epoch() + 1, bar, s.batch() + 1, s.batchesPerEpoch(), s.step(), s.totalSteps(), s.loss(),
                s.learningRate(), s.tokensPerSecond(), duration(s.etaSeconds()));
        if (terminal) {
            out.print("\r" + line);
            if (lastOfEpoch) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    @Override
    public void onEpoch(Epoch e) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "epoch %d done: train loss %.4f, %.1f s, %,.0f train tokens/s", e.epoch() + 1, e.trainLoss(),
                e.seconds(), e.tokensPerSecond()));
        for (Map.Entry<String, Double> m : e.metrics().entrySet()) {
            sb.append(String.format(Locale.ROOT, ", dev %s %.4f", m.getKey(), m.getValue()));
        }
        if (e.improved()) {
            sb.append(" (best so far, saved)");
        }
        out.println(sb);
        out.flush();
    }

    @Override
    public void onResume(int epoch, int batch, long step) {
        out.printf(Locale.ROOT, "resuming at epoch %d, batch %d (step %d)%n", epoch + 1, batch + 1, step);
        out.flush();
    }

    @Override
    public void onCheckpoint(Path dir, long step) {
        if (!terminal) {
            out.printf(Locale.ROOT, "checkpoint at step %d%n", step);
            out.flush();
        }
    }

    static String duration(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
