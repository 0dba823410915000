package io.github.bertner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link BertKeys} to the block tree: file-level code (ONNX import and export, the student's layer copy)
 * spells keys through {@link BertKeys} without building a model, so a renamed or re-nested block must fail
 * here instead of silently writing or expecting keys the blocks no longer have.
 */
class BertKeysTest {

    private static BertConfig tiny() {
        return BertConfig.builder().setVocabSize(40).setHiddenSize(32).setNumHiddenLayers(3)
                .setNumAttentionHeads(4).setIntermediateSize(64).build();
    }

    @Test
    void layerTensorsAreTheNamesOfOneBertLayer() {
        // a lone layer's hfParameters() are the names relative to the layer, exactly as the block declares them
        assertEquals(List.copyOf(new BertLayer(tiny()).hfParameters().keySet()), BertKeys.LAYER_TENSORS);
        assertEquals(2 * BertKeys.LayerModule.values().length, BertKeys.LAYER_TENSORS.size());
    }

    @Test
    void layerPrefixAndEmbeddingsMatchTheWholeModel() {
        BertConfig cfg = tiny();
        BertModel model = new BertModel(cfg, 1);
        List<String> want = new ArrayList<>(BertKeys.EMBEDDING_TENSORS);
        for (int i = 0; i < cfg.numHiddenLayers(); i++) {
            for (String rel : BertKeys.LAYER_TENSORS) {
                want.add(BertKeys.layer(i) + rel);
            }
        }
        assertEquals(want, List.copyOf(model.hfParameters().keySet()));
        assertEquals(List.copyOf(model.embeddings().hfParameters().keySet()),
                BertKeys.EMBEDDING_TENSORS.stream().map(n -> n.substring(BertKeys.EMBEDDINGS.length())).toList());
        assertSame(model.embeddings().wordEmbeddings(), model.hfParameters().get(BertKeys.WORD_EMBEDDINGS));
    }

    @Test
    void modulePathsNameTheirWeightAndBias() {
        Map<String, Parameter> params = new BertModel(tiny(), 1).hfParameters();
        for (BertKeys.LayerModule m : BertKeys.LayerModule.values()) {
            String inLayer2 = m.in(2);
            assertEquals(BertKeys.layer(2) + m.path(), inLayer2);
            Parameter w = params.get(inLayer2 + ".weight");
            Parameter b = params.get(inLayer2 + ".bias");
            assertTrue(w != null && b != null, m.name());
            // LayerNorms have a vector weight, Linears an (out, in) matrix
            assertEquals(m.isLayerNorm() ? 1 : 2, w.getShape().dimension(), m.name());
        }
        // the importer checks shapes by module, so the intermediate size must sit where it expects it
        assertEquals(new Shape(32, 32), params.get(BertKeys.layer(0) + BertKeys.LayerModule.QUERY.weight()).getShape());
        assertEquals(new Shape(64, 32),
                params.get(BertKeys.layer(0) + BertKeys.LayerModule.INTERMEDIATE_DENSE.weight()).getShape());
        assertEquals(new Shape(32, 64), params.get(BertKeys.layer(0) + BertKeys.LayerModule.OUTPUT_DENSE.weight()).getShape());
    }

    @Test
    void headNamesMatchTheTokenClassifier() {
        BertForTokenClassification m = new BertForTokenClassification(tiny(), 5, 1);
        assertEquals(BertKeys.BERT, m.bertPrefix());
        assertEquals(Set.of(BertKeys.CLASSIFIER_WEIGHT, BertKeys.CLASSIFIER_BIAS), m.headParameterNames());
        assertTrue(m.hfParameters().containsKey(BertKeys.BERT + BertKeys.layer(0) + BertKeys.LAYER_TENSORS.get(0)));
    }

    @Test
    void mlmHeadNamesMatchTheMaskedLm() {
        BertForMaskedLM m = new BertForMaskedLM(tiny(), 1);
        assertEquals(BertKeys.BERT, m.bertPrefix());
        assertTrue(m.hfParameters().containsKey(BertKeys.MLM_BIAS), m.hfParameters().keySet().toString());
        assertTrue(m.headParameterNames().stream().allMatch(n -> n.startsWith(BertKeys.MLM_HEAD)),
                m.headParameterNames().toString());
        // the decoder is tied to the word embeddings, so it is not a parameter of its own
        assertTrue(!m.hfParameters().containsKey(BertKeys.MLM_DECODER_WEIGHT));
        assertTrue(m.hfParameters().keySet().stream().filter(n -> n.startsWith(BertKeys.BERT))
                .allMatch(n -> n.startsWith(BertKeys.BERT + BertKeys.EMBEDDINGS)
                        || n.startsWith(BertKeys.BERT + BertKeys.ENCODER)));
    }

    @Test
    void layerKeysParseWithAndWithoutThePrefix() {
        BertKeys.LayerKey bare = BertKeys.parseLayer("encoder.layer.11.output.dense.bias").orElseThrow();
        assertEquals(new BertKeys.LayerKey("", 11, "output.dense.bias"), bare);
        assertEquals("encoder.layer.11.output.dense.bias", bare.key());
        assertEquals("encoder.layer.2.output.dense.bias", bare.inLayer(2));

        BertKeys.LayerKey head = BertKeys.parseLayer("bert.encoder.layer.3.attention.self.query.weight").orElseThrow();
        assertEquals(new BertKeys.LayerKey(BertKeys.BERT, 3, "attention.self.query.weight"), head);
        assertEquals("bert.encoder.layer.0.attention.self.query.weight", head.inLayer(0));

        for (String notALayer : List.of("embeddings.word_embeddings.weight", "encoder.layer.3", "encoder.layer.3.",
                "encoder.layer.x.output.dense.bias", "roberta.encoder.layer.0.output.dense.bias",
                "bert.bert.encoder.layer.0.output.dense.bias", "encoderXlayer.0.output.dense.bias", "classifier.weight")) {
            assertTrue(BertKeys.parseLayer(notALayer).isEmpty(), notALayer);
        }
        assertEquals("encoder.layer.N", BertKeys.layerPattern());
        assertThrows(IllegalArgumentException.class, () -> BertKeys.layer(-1));
    }
}
