package io.github.bertner.importer;

import com.google.gson.GsonBuilder;

import java.util.List;
import java.util.Map;

/**
 * What an ONNX import read and decided, written as {@code import-report.json} beside the model.
 *
 * @param source        the ONNX file (or jar entry)
 * @param producer      the exporter named in the file
 * @param irVersion     ONNX IR version
 * @param opsets        opset per domain
 * @param operators     node count per operator
 * @param layers        encoder layers
 * @param hidden        hidden size
 * @param heads         attention heads, read from the graph
 * @param intermediate  feed-forward size
 * @param vocabSize     vocabulary size
 * @param maxPositions  position embeddings
 * @param typeVocabSize token types
 * @param layerNormEps  layer-norm epsilon
 * @param hiddenAct     activation
 * @param dequantized   number of tensors dequantized from int8/uint8
 * @param dropped       tensors that are not part of BERT's encoder, with the reason
 * @param notes         assumptions made where the graph said nothing
 */
public record ImportReport(String source, String producer, long irVersion, Map<String, Long> opsets,
                           Map<String, Integer> operators, int layers, int hidden, int heads, int intermediate,
                           int vocabSize, int maxPositions, int typeVocabSize, double layerNormEps, String hiddenAct,
                           int dequantized, List<String> dropped, List<String> notes) {

    /** @return the report as pretty-printed JSON */
    public String toJson() {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(this) + "\n";
    }
}
