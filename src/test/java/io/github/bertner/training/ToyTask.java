package io.github.bertner.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A small sequence-labelling task with dropout for testing the loop without the BERT model. */
final class ToyTask implements TrainingTask, AutoCloseable {

    static final int N = 48;
    static final int S = 6;
    static final int F = 8;
    static final int C = 4;
    static final int BATCH = 8;

    final NDManager manager = NDManager.newBaseManager();
    final SequentialBlock block;
    private final float[][] x = new float[N][S * F];
    private final int[][] y = new int[N][S];
    private final long seed;
    /** A step whose gradients are made NaN while its loss stays finite (-1: none). */
    long poisonStep = -1;
    /** How many attempts at {@link #poisonStep} are poisoned (a transient fault: 1). */
    int poisonAttempts = Integer.MAX_VALUE;
    private int poisoned;

    ToyTask(long dataSeed, long runSeed, int initSeed) {
        this.seed = runSeed;
        Random r = new Random(dataSeed);
        for (int i = 0; i < N; i++) {
            for (int s = 0; s < S; s++) {
                int label = r.nextInt(C);
                y[i][s] = s == S - 1 ? MaskedCrossEntropy.IGNORE : label;
                for (int f = 0; f < F; f++) {
                    x[i][s * F + f] = (float) r.nextGaussian() * 0.5f + (f % C == label ? 1f : 0f);
                }
            }
        }
        Engine.getInstance().setRandomSeed(initSeed);
        block = new SequentialBlock().add(Linear.builder().setUnits(16).build()).add(LayerNorm.builder().build())
                .add(Dropout.builder().optRate(0.3f).build()).add(Linear.builder().setUnits(C).build());
        block.initialize(manager, DataType.FLOAT32, new Shape(BATCH, S, F));
    }

    @Override
    public List<Pair<String, Parameter>> parameters() {
        List<Pair<String, Parameter>> l = new ArrayList<>();
        block.getParameters().forEach(l::add);
        return l;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public int batchesPerEpoch() {
        return N / BATCH;
    }

    private List<Integer> order(int epoch) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            idx.add(i);
        }
        Collections.shuffle(idx, new Random(Seeds.mix(seed, epoch)));
        return idx;
    }

    @Override
    public BatchLoss loss(NDManager bm, int epoch, int batch, long step) {
        List<Integer> o = order(epoch).subList(batch * BATCH, (batch + 1) * BATCH);
        float[] xs = new float[BATCH * S * F];
        int[] ys = new int[BATCH * S];
        for (int b = 0; b < BATCH; b++) {
            System.arraycopy(x[o.get(b)], 0, xs, b * S * F, S * F);
            System.arraycopy(y[o.get(b)], 0, ys, b * S, S);
        }
        NDArray in = bm.create(xs, new Shape(BATCH, S, F));
        NDArray logits = block.forward(new ParameterStore(bm, false), new NDList(in), true).singletonOrThrow();
        NDArray loss = MaskedCrossEntropy.loss(logits, bm.create(ys, new Shape(BATCH, S)));
        if (step == poisonStep && poisoned++ < poisonAttempts) {
            // sqrt(0 * x) adds 0 to the loss, but its gradient is 0 * inf = NaN for every parameter
            loss = loss.add(logits.mul(0f).sqrt().sum());
        }
        return new BatchLoss(loss, (long) BATCH * (S - 1));
    }

    @Override
    public Evaluation evaluate(int epoch, Path reportDir) throws IOException {
        try (NDManager bm = manager.newSubManager()) {
            float[] xs = new float[N * S * F];
            int[] ys = new int[N * S];
            for (int i = 0; i < N; i++) {
                System.arraycopy(x[i], 0, xs, i * S * F, S * F);
                System.arraycopy(y[i], 0, ys, i * S, S);
            }
            NDArray logits = block.forward(new ParameterStore(bm, false), new NDList(bm.create(xs, new Shape(N, S, F))), false)
                    .singletonOrThrow();
            double loss = MaskedCrossEntropy.loss(logits, bm.create(ys, new Shape(N, S))).getFloat();
            Files.writeString(reportDir.resolve("eval.json"), "{\"loss\": " + loss + "}");
            return new Evaluation(-loss, Map.of("loss", loss));
        }
    }

    @Override
    public void saveModel(Path dir) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve("toy.params")))) {
            block.saveParameters(out);
        }
    }

    @Override
    public void loadWeights(Path dir) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(dir.resolve("toy.params")))) {
            block.loadParameters(manager, in);
        } catch (ai.djl.MalformedModelException e) {
            throw new IOException(e);
        }
    }

    float[] weights() {
        List<Float> all = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            for (float f : p.getValue().getArray().toFloatArray()) {
                all.add(f);
            }
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
