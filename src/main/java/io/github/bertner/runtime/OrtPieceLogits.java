package io.github.bertner.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.bertner.model.BertConfig;
import io.github.bertner.model.TokenClassifierModel;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@link PieceLogits} on ONNX Runtime (CPU), running a graph written by {@link BertOnnxExporter}.
 * Inputs are checked as strictly as on the PyTorch path, so a bad id gives the same message
 * instead of a native error. Graph optimisation is at ONNX Runtime's highest level (which fuses
 * LayerNorm, GELU and the quantized projections).
 */
public final class OrtPieceLogits implements PieceLogits {
    private final OrtEnvironment env;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final InferenceRuntime runtime;
    private final int vocabSize;
    private final int maxPositions;

    private OrtPieceLogits(Builder b) {
        Objects.requireNonNull(b.model, "model");
        BertConfig config = Objects.requireNonNull(b.config, "config");
        this.runtime = b.runtime;
        this.vocabSize = config.vocabSize();
        this.maxPositions = config.maxPositionEmbeddings();
        this.env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        try {
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            opts.setInterOpNumThreads(1);
            if (b.threads > 0) {
                opts.setIntraOpNumThreads(b.threads);
            }
            this.options = opts;
            this.session = env.createSession(b.model, opts);
        } catch (OrtException e) {
            opts.close();
            throw new IllegalStateException("ONNX Runtime cannot load the exported " + b.runtime.cliName()
                    + " graph (" + b.model.length + " bytes): " + e.getMessage(), e);
        }
    }

    /**
     * Starts a builder.
     *
     * @return a builder; model and config are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of an {@link OrtPieceLogits}. */
    public static final class Builder {
        private byte[] model;
        private BertConfig config;
        private InferenceRuntime runtime = InferenceRuntime.ONNX;
        private int threads;

        private Builder() {
        }

        /**
         * @param onnx the bytes of an .onnx file from {@link BertOnnxExporter}
         * @return this builder
         */
        public Builder setModel(byte[] onnx) {
            this.model = Objects.requireNonNull(onnx, "onnx");
            return this;
        }

        /**
         * @param config the model's configuration (vocabulary size and positions for input checks)
         * @return this builder
         */
        public Builder setConfig(BertConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * @param runtime what the graph is, for {@link #runtime()} and messages (default ONNX)
         * @return this builder
         */
        public Builder setRuntime(InferenceRuntime runtime) {
            if (!runtime.isOnnx()) {
                throw new IllegalArgumentException("expected an ONNX runtime, found " + runtime.cliName());
            }
            this.runtime = runtime;
            return this;
        }

        /**
         * @param threads intra-op threads; 0 (default) lets ONNX Runtime use one per physical core
         * @return this builder
         */
        public Builder optThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("expected 0 or more threads, found " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Creates the session.
         *
         * @return the logits implementation; close it
         * @throws IllegalStateException with ONNX Runtime's error as cause when the graph is rejected
         */
        public OrtPieceLogits build() {
            return new OrtPieceLogits(this);
        }
    }

    @Override
    public float[][][] logits(int[][] inputIds, int[][] attentionMask) {
        int b = inputIds.length;
        if (b == 0) {
            return new float[0][][];
        }
        int s = inputIds[0].length;
        long[] ids = TokenClassifierModel.flattenBatchInput("inputIds", inputIds, b, s, vocabSize);
        long[] mask = TokenClassifierModel.flattenBatchInput("attentionMask", attentionMask, b, s, 2);
        if (s > maxPositions) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "sequence length %d exceeds max_position_embeddings %d", s, maxPositions));
        }
        long[] shape = {b, s};
        try (OnnxTensor idTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
             OrtSession.Result result = session.run(Map.of(BertOnnxExporter.INPUT_IDS, idTensor,
                     BertOnnxExporter.ATTENTION_MASK, maskTensor))) {
            OnnxValue value = result.get(0);
            OnnxTensor out = (OnnxTensor) value;
            long[] outShape = out.getInfo().getShape();
            if (outShape.length != 3 || outShape[0] != b || outShape[1] != s) {
                throw new IllegalStateException("ONNX Runtime returned logits of shape " + Arrays.toString(outShape)
                        + ", expected [" + b + ", " + s + ", labels]");
            }
            int c = (int) outShape[2];
            FloatBuffer flat = out.getFloatBuffer();
            float[][][] logits = new float[b][s][c];
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < s; j++) {
                    flat.get(logits[i][j]);
                }
            }
            return logits;
        } catch (OrtException e) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "ONNX Runtime (%s) failed on a batch of shape [%d, %d]: %s", runtime.cliName(), b, s,
                    e.getMessage()), e);
        }
    }

    @Override
    public InferenceRuntime runtime() {
        return runtime;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX Runtime session: " + e.getMessage(), e);
        } finally {
            options.close();
        }
    }
}
