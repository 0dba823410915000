package io.github.bertner.importer.torch;

import ai.djl.Device;
import com.google.gson.JsonObject;
import io.github.bertner.importer.TokenizerJson;
import io.github.bertner.importer.torch.TorchFixtures.Storage;
import io.github.bertner.importer.torch.TorchFixtures.Tensor;
import io.github.bertner.inference.NerPredictor;
import io.github.bertner.inference.SentencePrediction;
import io.github.bertner.inference.TinyModels;
import io.github.bertner.model.CheckpointException;
import io.github.bertner.model.FloatTensor;
import io.github.bertner.model.HfCheckpoint;
import io.github.bertner.model.SafetensorsReader;
import io.github.bertner.model.TokenClassifierModel;
import io.github.bertner.tokenization.BertWordPieceTokenizer;
import io.github.bertner.tokenization.TokenizerSettings;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Hugging Face folder holding only config.json, pytorch_model.bin (single, sharded or legacy)
 * and tokenizer.json loads wherever a model folder is accepted, to exactly the model that the
 * safetensors + vocab.txt folder it was converted from gives.
 */
class PickleModelFolderTest {

    @TempDir
    Path tmp;

    /** The tensors of a safetensors folder, as fp32 storages with one storage per tensor. */
    private record StateDict(List<Tensor> tensors, List<Storage> storages) {
    }

    private static StateDict stateDict(Path safetensorsDir) throws IOException {
        List<Tensor> tensors = new ArrayList<>();
        List<Storage> storages = new ArrayList<>();
        try (SafetensorsReader r = SafetensorsReader.open(safetensorsDir.resolve(HfCheckpoint.WEIGHTS_FILE))) {
            for (String name : r.tensors().keySet()) {
                FloatTensor t = r.readFloat(name);
                String key = Integer.toString(storages.size());
                storages.add(new Storage(key, "FloatStorage", t.data().length,
                        TorchFixtures.floats(ByteOrder.LITTLE_ENDIAN, t.data())));
                tensors.add(new Tensor(name, key, 0, t.shape(), rowMajorStrides(t.shape())));
            }
        }
        // the int64 buffer HF state dicts carry: arange(128).expand(1, -1)
        String key = Integer.toString(storages.size());
        long[] positions = new long[128];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i;
        }
        storages.add(new Storage(key, "LongStorage", 128, TorchFixtures.longs(ByteOrder.LITTLE_ENDIAN, positions)));
        tensors.add(new Tensor("bert.embeddings.position_ids", key, 0, new long[] {1, 128}, new long[] {0, 1}));
        return new StateDict(tensors, storages);
    }

    private static long[] rowMajorStrides(long[] shape) {
        long[] stride = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = s;
            s *= shape[i];
        }
        return stride;
    }

    /** tokenizer.json of the tiny models' vocabulary and settings (uncased, limit 128). */
    private static String tokenizerJson(List<String> vocab) {
        JsonObject model = new JsonObject();
        model.addProperty("type", "WordPiece");
        model.addProperty("unk_token", "[UNK]");
        model.addProperty("continuing_subword_prefix", "##");
        model.addProperty("max_input_chars_per_word", 100);
        JsonObject v = new JsonObject();
        for (int i = 0; i < vocab.size(); i++) {
            v.addProperty(vocab.get(i), i);
        }
        model.add("vocab", v);
        JsonObject root = com.google.gson.JsonParser.parseString("""
                {"version":"1.0","truncation":{"max_length":128,"strategy":"LongestFirst","stride":0},
                 "padding":null,"added_tokens":[],
                 "normalizer":{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,
                   "strip_accents":null,"lowercase":true},
                 "pre_tokenizer":{"type":"BertPreTokenizer"},
                 "post_processor":{"type":"BertProcessing","sep":["[SEP]",3],"cls":["[CLS]",2]}}
                """).getAsJsonObject();
        root.add("model", model);
        return root.toString();
    }

    private Path pickleFolder(String name, Path source, Map<String, byte[]> weightFiles) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(source.resolve(HfCheckpoint.CONFIG_FILE), dir.resolve(HfCheckpoint.CONFIG_FILE));
        for (Map.Entry<String, byte[]> e : weightFiles.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        Files.writeString(dir.resolve(TokenizerJson.FILE_NAME), tokenizerJson(TinyModels.vocabulary()),
                StandardCharsets.UTF_8);
        return dir;
    }

    private static byte[] zipOf(List<Tensor> tensors, List<Storage> storages) {
        return TorchFixtures.zip("pytorch_model/", TorchFixtures.stateDict(tensors, storages, false), storages,
                "little");
    }

    private static void assertSameModel(Path expectedDir, Path actualDir) throws IOException {
        int[][] ids = {{2, 10, 11, 12, 3, 0}, {2, 30, 31, 5, 40, 3}};
        int[][] mask = {{1, 1, 1, 1, 1, 0}, {1, 1, 1, 1, 1, 1}};
        try (TokenClassifierModel expected = TokenClassifierModel.load(expectedDir, Device.cpu());
                TokenClassifierModel actual = TokenClassifierModel.load(actualDir, Device.cpu())) {
            assertEquals(expected.loadReport().loadedTensors(), actual.loadReport().loadedTensors());
            assertEquals(List.of("bert.embeddings.position_ids"), actual.loadReport().ignoredTensors());
            assertArrayEquals(expected.logits(ids, mask), actual.logits(ids, mask));
            assertEquals(expected.vocabulary(), actual.vocabulary());
            Path tc = Files.createTempFile("tokenizer", ".json");
            try {
                Files.writeString(tc, actual.tokenizerConfig().orElseThrow(), StandardCharsets.UTF_8);
                assertEquals(TokenizerSettings.read(expectedDir.resolve(TokenizerSettings.FILE_NAME)),
                        TokenizerSettings.read(tc));
            } finally {
                Files.delete(tc);
            }
        }
        BertWordPieceTokenizer fromJson = BertWordPieceTokenizer.load(actualDir);
        BertWordPieceTokenizer fromTxt = BertWordPieceTokenizer.load(expectedDir);
        assertEquals(fromTxt.vocab().tokens(), fromJson.vocab().tokens());
        assertEquals(fromTxt.settings(), fromJson.settings());
    }

    @Test
    void singlePytorchModelBinFolderLoadsToTheSameModel() throws IOException {
        Path source = TinyModels.write(tmp.resolve("safetensors"), 64, 16, 7);
        StateDict sd = stateDict(source);
        Path dir = pickleFolder("pickle", source, Map.of(TorchCheckpoint.WEIGHTS_FILE, zipOf(sd.tensors, sd.storages)));
        assertSameModel(source, dir);

        // and through the predictor the tag command uses
        List<String> words = TinyModels.words(20, new Random(3));
        try (NerPredictor a = NerPredictor.builder(source).optDevice("cpu").build();
                NerPredictor b = NerPredictor.builder(dir).optDevice("cpu").build()) {
            SentencePrediction pa = a.predict(words);
            SentencePrediction pb = b.predict(words);
            assertEquals(pa.tags(), pb.tags());
            assertArrayEquals(pa.probabilities(), pb.probabilities());
            assertEquals(pa.entities(), pb.entities());
        }
    }

    @Test
    void shardedPytorchModelBinFolderLoadsToTheSameModel() throws IOException {
        Path source = TinyModels.write(tmp.resolve("safetensors"), 64, 16, 8);
        StateDict sd = stateDict(source);
        int half = sd.tensors.size() / 2;
        Map<String, byte[]> files = new LinkedHashMap<>();
        JsonObject weightMap = new JsonObject();
        for (int shard = 0; shard < 2; shard++) {
            List<Tensor> part = shard == 0 ? sd.tensors.subList(0, half) : sd.tensors.subList(half, sd.tensors.size());
            List<Storage> used = new ArrayList<>();
            for (Tensor t : part) {
                used.add(sd.storages.get(Integer.parseInt(t.storageKey())));
            }
            String name = String.format("pytorch_model-%05d-of-00002.bin", shard + 1);
            files.put(name, zipOf(part, used));
            part.forEach(t -> weightMap.addProperty(t.name(), name));
        }
        JsonObject index = new JsonObject();
        index.add("metadata", new JsonObject());
        index.add("weight_map", weightMap);
        files.put(TorchCheckpoint.WEIGHTS_INDEX_FILE, index.toString().getBytes(StandardCharsets.UTF_8));
        assertSameModel(source, pickleFolder("sharded", source, files));
    }

    @Test
    void legacyPytorchModelBinFolderLoadsToTheSameModel() throws IOException {
        Path source = TinyModels.write(tmp.resolve("safetensors"), 64, 16, 9);
        StateDict sd = stateDict(source);
        Path dir = pickleFolder("legacy", source,
                Map.of(TorchCheckpoint.WEIGHTS_FILE, TorchFixtures.legacy(sd.tensors, sd.storages)));
        assertSameModel(source, dir);
    }

    @Test
    void maliciousPytorchModelBinIsRefusedWhenTheFolderLoads() throws IOException {
        Path source = TinyModels.write(tmp.resolve("safetensors"), 64, 16, 10);
        Path marker = tmp.resolve("pwned");
        byte[] payload = new TorchFixtures.Pickle().proto(2).global("posix", "system").str("touch " + marker)
                .op(0x85).reduce().stop().bytes();
        Path dir = pickleFolder("evil", source, Map.of(TorchCheckpoint.WEIGHTS_FILE,
                TorchFixtures.zip("archive/", payload, List.of(), "little")));
        String m = assertThrows(CheckpointException.class, () -> TokenClassifierModel.load(dir, Device.cpu()))
                .getMessage();
        assertTrue(m.contains("pytorch_model.bin (archive/data.pkl), byte 2: refused global 'posix.system'"), m);
        assertTrue(!Files.exists(marker), "the payload ran");
    }
}
