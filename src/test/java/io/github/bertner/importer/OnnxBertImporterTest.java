package io.github.bertner.importer;

import io.github.bertner.model.BertConfig;
import io.github.bertner.model.BertModel;
import io.github.bertner.model.FloatTensor;
import io.github.bertner.model.HfCheckpoint;
import io.github.bertner.model.SafetensorsReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxBertImporterTest {

    @Test
    void importedTensorsAreTheNamesOfTheModelBlocks() {
        // the importer writes checkpoints our BertModel loads, so its keys and their order must be the block tree's
        BertConfig cfg = BertConfig.builder().setVocabSize(30).setHiddenSize(12).setNumHiddenLayers(2)
                .setNumAttentionHeads(3).setIntermediateSize(20).build();
        TinyOnnxBert tiny = new TinyOnnxBert(2, 12, 3, 20, 30, 1e-12f);
        OnnxBertImporter.ImportedBert bert = OnnxBertImporter.convert(OnnxModel.parse(tiny.build(), "tiny"), "tiny");
        assertEquals(List.copyOf(new BertModel(cfg, 0).hfParameters().keySet()), List.copyOf(bert.tensors().keySet()));
    }

    @Test
    void fp32GraphWithAnonymousMatMulWeightsMapsEveryTensorExactly() {
        // 3 heads of 4: hidden / 64 would say 0, so the head count can only come from the graph
        TinyOnnxBert tiny = new TinyOnnxBert(2, 12, 3, 20, 30, 1e-12f);
        OnnxBertImporter.ImportedBert bert = OnnxBertImporter.convert(OnnxModel.parse(tiny.build(), "tiny"), "tiny");
        assertEquals(2, bert.layers());
        assertEquals(12, bert.hidden());
        assertEquals(3, bert.heads());
        assertEquals(20, bert.intermediate());
        assertEquals(30, bert.vocabSize());
        assertEquals(16, bert.maxPositions());
        assertEquals(2, bert.typeVocabSize());
        assertEquals(1e-12, bert.layerNormEps());
        assertEquals("gelu", bert.hiddenAct());
        assertEquals(5 + 2 * 16, bert.tensors().size());
        for (Map.Entry<String, FloatTensor> e : bert.tensors().entrySet()) {
            assertArrayEquals(tiny.hfShape.get(e.getKey()), e.getValue().shape(), e.getKey());
            assertArrayEquals(tiny.hf.get(e.getKey()), e.getValue().data(), e.getKey());
        }
        assertEquals(2, bert.report().dropped().size(), bert.report().dropped().toString());
        assertTrue(bert.report().dropped().stream().allMatch(d -> d.contains("pooler.dense")));
    }

    @Test
    void quantizedGraphIsDequantizedPerOutputChannel() {
        TinyOnnxBert tiny = new TinyOnnxBert(1, 8, 2, 16, 25, 1e-5f).quantized();
        OnnxBertImporter.ImportedBert bert = OnnxBertImporter.convert(OnnxModel.parse(tiny.build(), "q"), "q");
        assertEquals(2, bert.heads());
        assertEquals(1e-5, bert.layerNormEps());
        assertEquals(6, bert.report().dequantized(), "the six Linears of the layer; the pooler is dropped, not dequantized");
        for (Map.Entry<String, FloatTensor> e : bert.tensors().entrySet()) {
            assertArrayEquals(tiny.hf.get(e.getKey()), e.getValue().data(), 1e-7f, e.getKey());
        }
    }

    @Test
    void bertPrefixedNamesMapToo() {
        TinyOnnxBert tiny = new TinyOnnxBert(1, 8, 4, 8, 10, 1e-12f).namePrefix("bert.");
        OnnxBertImporter.ImportedBert bert = OnnxBertImporter.convert(OnnxModel.parse(tiny.build(), "p"), "p");
        assertEquals(4, bert.heads());
        assertArrayEquals(tiny.hf.get("embeddings.word_embeddings.weight"),
                bert.tensors().get("embeddings.word_embeddings.weight").data());
    }

    @Test
    void missingHeadReshapeIsRefusedInsteadOfGuessed() {
        TinyOnnxBert tiny = new TinyOnnxBert(1, 8, 2, 8, 10, 1e-12f).withoutHeadReshape();
        OnnxFormatException e = assertThrows(OnnxFormatException.class,
                () -> OnnxBertImporter.convert(OnnxModel.parse(tiny.build(), "t"), "t"));
        assertTrue(e.getMessage().contains("could not find the attention head count"), e.getMessage());
    }

    @Test
    void fusedRuntimeGraphIsRefusedNamingTheOperator() {
        TinyOnnxBert tiny = new TinyOnnxBert(1, 8, 2, 8, 10, 1e-12f).addOp("SkipLayerNormalization");
        OnnxFormatException e = assertThrows(OnnxFormatException.class,
                () -> OnnxBertImporter.convert(OnnxModel.parse(tiny.build(), "t"), "t"));
        assertTrue(e.getMessage().contains("[SkipLayerNormalization]"), e.getMessage());
    }

    @Test
    void distilBertLayoutIsRefusedWithWhatWasFound() {
        ProtoWriter graph = new ProtoWriter()
                .message(5, TinyOnnxBert.floatTensor("distilbert.transformer.layer.0.attention.q_lin.weight",
                        new long[] {2, 2}, new float[4]))
                .message(5, TinyOnnxBert.floatTensor("distilbert.embeddings.word_embeddings.weight",
                        new long[] {2, 2}, new float[4]));
        byte[] bytes = new ProtoWriter().varint(1, 7).message(7, graph).toByteArray();
        OnnxFormatException e = assertThrows(OnnxFormatException.class,
                () -> OnnxBertImporter.convert(OnnxModel.parse(bytes, "d"), "d"));
        assertTrue(e.getMessage().contains("DistilBERT"), e.getMessage());
    }

    @Test
    void nonOnnxAndTruncatedFilesAreRefusedWithTheSourceName() {
        OnnxFormatException notOnnx = assertThrows(OnnxFormatException.class,
                () -> OnnxModel.parse("{\"model\": 1}".getBytes(), "model.json"));
        assertTrue(notOnnx.getMessage().startsWith("model.json: "), notOnnx.getMessage());
        byte[] full = new TinyOnnxBert(1, 8, 2, 8, 10, 1e-12f).build();
        OnnxFormatException truncated = assertThrows(OnnxFormatException.class,
                () -> OnnxModel.parse(Arrays.copyOf(full, full.length / 2), "half.onnx"));
        assertTrue(truncated.getMessage().startsWith("half.onnx: "), truncated.getMessage());
    }

    @Test
    void externalDataIsRefused() {
        ProtoWriter t = new ProtoWriter().packedVarints(1, 2).varint(2, OnnxTensor.FLOAT)
                .string(8, "embeddings.word_embeddings.weight").varint(14, 1);
        byte[] bytes = new ProtoWriter().varint(1, 7).message(7, new ProtoWriter().message(5, t)).toByteArray();
        OnnxFormatException e = assertThrows(OnnxFormatException.class,
                () -> OnnxBertImporter.convert(OnnxModel.parse(bytes, "x"), "x"));
        assertTrue(e.getMessage().contains("external file"), e.getMessage());
    }

    @Test
    void writtenFolderIsAValidHfBertFolder(@TempDir Path dir) throws Exception {
        TinyOnnxBert tiny = new TinyOnnxBert(2, 12, 3, 20, 30, 1e-12f);
        OnnxBertImporter.ImportedBert bert = OnnxBertImporter.convert(OnnxModel.parse(tiny.build(), "tiny"), "tiny");
        OnnxBertImporter.write(bert, null, dir);
        BertConfig config = HfCheckpoint.readConfig(dir);
        assertEquals(3, config.numAttentionHeads());
        assertEquals(2, config.numHiddenLayers());
        assertEquals(20, config.intermediateSize());
        try (SafetensorsReader r = SafetensorsReader.open(dir.resolve("model.safetensors"))) {
            assertArrayEquals(tiny.hf.get("encoder.layer.1.output.dense.weight"),
                    r.readFloat("encoder.layer.1.output.dense.weight").data());
        }
        assertTrue(Files.readString(dir.resolve("import-report.json")).contains("\"heads\": 3"));
    }
}
