package io.github.bertner.runtime;

import ai.djl.Device;
import io.github.bertner.model.HfCheckpoint;
import io.github.bertner.model.TokenClassifierModel;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which engine computes the token classifier's logits when tagging.
 *
 * <p>{@link #PYTORCH} runs the DJL/PyTorch model (CPU or GPU). {@link #ONNX} and
 * {@link #ONNX_INT8} export the loaded model to an ONNX graph in memory ({@link BertOnnxExporter})
 * and run it with ONNX Runtime on the CPU; int8 dynamically quantizes the encoder projections
 * (per-channel int8 weights, {@code MatMulInteger}), which is faster and changes the logits
 * slightly (docs/benchmarks-runtime.md states by how much).
 */
public enum InferenceRuntime {
    /** DJL with PyTorch, the training engine. */
    PYTORCH("pytorch"),
    /** ONNX Runtime, float32 graph (CPU). */
    ONNX("onnx"),
    /** ONNX Runtime, encoder projections dynamically quantized to int8 (CPU). */
    ONNX_INT8("onnx-int8");

    private final String cliName;

    InferenceRuntime(String cliName) {
        this.cliName = cliName;
    }

    /**
     * The name used on the command line.
     *
     * @return for example {@code onnx-int8}
     */
    public String cliName() {
        return cliName;
    }

    /**
     * Tells whether this runtime is ONNX Runtime.
     *
     * @return true for {@link #ONNX} and {@link #ONNX_INT8}
     */
    public boolean isOnnx() {
        return this != PYTORCH;
    }

    /**
     * Parses a command-line name ({@code onnx-int8}) or constant name ({@code ONNX_INT8}), ignoring case.
     *
     * @param value the text
     * @return the runtime
     * @throws IllegalArgumentException listing the accepted names
     */
    public static InferenceRuntime parse(String value) {
        String v = value.trim();
        for (InferenceRuntime r : values()) {
            if (r.cliName.equalsIgnoreCase(v) || r.name().equalsIgnoreCase(v)) {
                return r;
            }
        }
        throw new IllegalArgumentException("expected a runtime among "
                + Arrays.stream(values()).map(InferenceRuntime::cliName).collect(Collectors.joining(", "))
                + ", found '" + value + "'");
    }

    /**
     * Creates the logits implementation of this runtime for a loaded model.
     *
     * @param model the model; it stays open and owned by the caller
     * @param threads ONNX Runtime intra-op threads, 0 for its default (one per physical core);
     *     ignored by {@link #PYTORCH}, whose threads DJL configures
     * @return the implementation; close it before the model
     * @throws IllegalArgumentException when an ONNX runtime is asked for a model on a GPU
     */
    public PieceLogits open(TokenClassifierModel model, int threads) {
        if (this == PYTORCH) {
            return new PyTorchPieceLogits(model);
        }
        if (!model.device().getDeviceType().equals(Device.Type.CPU)) {
            throw new IllegalArgumentException("runtime " + cliName + " runs on the CPU only (ONNX Runtime CPU build),"
                    + " found device " + model.device() + ": use device cpu or runtime pytorch");
        }
        BertOnnxExporter.Builder exporter = BertOnnxExporter.builder().setConfig(model.config())
                .setWeights(HfCheckpoint.exportWeights(model.block()));
        if (this == ONNX_INT8) {
            exporter.optPrecision(BertOnnxExporter.Precision.INT8);
        }
        return OrtPieceLogits.builder().setModel(exporter.build().export()).setConfig(model.config())
                .setRuntime(this).optThreads(threads).build();
    }

    @Override
    public String toString() {
        return cliName.toLowerCase(Locale.ROOT);
    }
}
