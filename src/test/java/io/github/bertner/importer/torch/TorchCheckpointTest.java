package io.github.bertner.importer.torch;

import io.github.bertner.importer.torch.TorchFixtures.Pickle;
import io.github.bertner.importer.torch.TorchFixtures.Storage;
import io.github.bertner.importer.torch.TorchFixtures.Tensor;
import io.github.bertner.model.CheckpointException;
import io.github.bertner.model.FloatTensor;
import io.github.bertner.model.SafetensorsDtype;
import io.github.bertner.model.SafetensorsReader;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tiny hand-assembled torch checkpoints load to exactly their tensors, in both formats. */
class TorchCheckpointTest {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    @TempDir
    Path tmp;

    /** fp32 storage "0" (shared by three tensors), fp16 "1", bf16 "2", int64 "3". */
    private static List<Storage> storages(ByteOrder order) {
        return TorchFixtures.list(
                new Storage("0", "FloatStorage", 8, TorchFixtures.floats(order, 1f, 2f, 3f, 4f, 5f, 6f, -7.25f, 8.5f)),
                // fp16 bits of 1.0, -2.5, 2^-14 (smallest normal), 65504 (largest), 2^-24 (smallest subnormal)
                new Storage("1", "HalfStorage", 5, TorchFixtures.shorts(order, 0x3c00, 0xc100, 0x0400, 0x7bff, 0x0001)),
                // bf16 bits of 1.0, -0.5, 3.140625
                new Storage("2", "BFloat16Storage", 3, TorchFixtures.shorts(order, 0x3f80, 0xbf00, 0x4049)),
                new Storage("3", "LongStorage", 5, TorchFixtures.longs(order, 0, 1, 2, 3, 1L << 40)));
    }

    private static List<Tensor> tensors() {
        return List.of(
                new Tensor("w", "0", 0, new long[] {2, 3}, new long[] {3, 1}),
                // the transpose of w, saved as a view: same storage, strides swapped
                new Tensor("w_t", "0", 0, new long[] {3, 2}, new long[] {1, 3}),
                // a storage offset: elements 6 and 7
                new Tensor("tail", "0", 6, new long[] {2}, new long[] {1}),
                new Tensor("h", "1", 0, new long[] {5}, new long[] {1}),
                new Tensor("b", "2", 0, new long[] {3}, new long[] {1}),
                // like BERT's position_ids buffer: arange(5).expand(1, -1) has stride (0, 1)
                new Tensor("ids", "3", 0, new long[] {1, 5}, new long[] {0, 1}));
    }

    private Path zip(List<Tensor> tensors, List<Storage> storages, String byteorder) throws IOException {
        Path f = tmp.resolve("pytorch_model.bin");
        Files.write(f, TorchFixtures.zip("pytorch_model/", TorchFixtures.stateDict(tensors, storages, false), storages,
                byteorder));
        return f;
    }

    private static void assertExactTensors(TorchCheckpoint c) throws IOException {
        assertEquals(List.of("w", "w_t", "tail", "h", "b", "ids"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, c.readFloat("w").data());
        assertArrayEquals(new long[] {2, 3}, c.readFloat("w").shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, c.readFloat("w_t").data());
        assertArrayEquals(new long[] {3, 2}, c.readFloat("w_t").shape());
        assertArrayEquals(new float[] {-7.25f, 8.5f}, c.readFloat("tail").data());
        assertArrayEquals(new float[] {1f, -2.5f, 0x1p-14f, 65504f, 0x1p-24f}, c.readFloat("h").data());
        assertArrayEquals(new float[] {1f, -0.5f, 3.140625f}, c.readFloat("b").data());
        assertArrayEquals(new long[] {0, 1, 2, 3, 1L << 40}, c.readLong("ids"));
        assertEquals(TorchDtype.LONG, c.tensors().get("ids").dtype());
        assertTrue(c.tensors().get("ids").isContiguous(), "a size-1 dimension's stride does not matter");
        assertFalse(c.tensors().get("w_t").isContiguous());
        // w, w_t and tail share one storage
        assertEquals(c.tensors().get("w").storage(), c.tensors().get("tail").storage());
        assertEquals(c.tensors().get("w").fileOffset() + 24, c.tensors().get("tail").fileOffset());
    }

    @Test
    void zipCheckpointLoadsToTheExactTensors() throws IOException {
        try (TorchCheckpoint c = TorchCheckpoint.open(zip(tensors(), storages(LE), "little"))) {
            assertEquals(TorchCheckpoint.Format.ZIP, c.format());
            assertEquals(LE, c.byteOrder());
            assertExactTensors(c);
            // zip data entries are 64-byte aligned, as torch writes them
            assertEquals(0, c.tensors().get("w").fileOffset() % 64);
        }
    }

    @Test
    void zipWithoutByteorderRecordIsLittleEndian() throws IOException {
        try (TorchCheckpoint c = TorchCheckpoint.open(zip(tensors(), storages(LE), null))) {
            assertExactTensors(c);
        }
    }

    @Test
    void bigEndianStoragesAreReadButNotMappedInPlace() throws IOException {
        try (TorchCheckpoint c = TorchCheckpoint.open(zip(tensors(), storages(ByteOrder.BIG_ENDIAN), "big"))) {
            assertEquals(ByteOrder.BIG_ENDIAN, c.byteOrder());
            assertExactTensors(c);
            CheckpointException e = assertThrows(CheckpointException.class, c::toSafetensorsView);
            assertTrue(e.getMessage().endsWith("storages are big-endian (byteorder record); loading them into a model "
                    + "is not supported, re-save on a little-endian machine"), e.getMessage());
        }
    }

    @Test
    void legacyCheckpointLoadsToTheExactTensors() throws IOException {
        Path f = tmp.resolve("legacy.bin");
        Files.write(f, TorchFixtures.legacy(tensors(), storages(LE)));
        try (TorchCheckpoint c = TorchCheckpoint.open(f)) {
            assertEquals(TorchCheckpoint.Format.LEGACY, c.format());
            assertExactTensors(c);
        }
    }

    @Test
    void safetensorsViewReadsContiguousTensorsInPlaceAndRefusesStridedOnes() throws IOException {
        List<Tensor> contiguous = tensors().stream().filter(t -> !t.name().equals("w_t")).toList();
        try (TorchCheckpoint c = TorchCheckpoint.open(zip(contiguous, storages(LE), "little"));
                SafetensorsReader r = c.toSafetensorsView()) {
            assertEquals(List.of("w", "tail", "h", "b", "ids"), List.copyOf(r.tensors().keySet()));
            assertEquals(SafetensorsDtype.F16, r.tensors().get("h").dtype());
            assertEquals(SafetensorsDtype.I64, r.tensors().get("ids").dtype());
            assertEquals(new FloatTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}), r.readFloat("w"));
            assertArrayEquals(new float[] {-7.25f, 8.5f}, r.readFloat("tail").data());
            assertArrayEquals(new float[] {1f, -2.5f, 0x1p-14f, 65504f, 0x1p-24f}, r.readFloat("h").data());
            assertArrayEquals(new float[] {1f, -0.5f, 3.140625f}, r.readFloat("b").data());
        }
        try (TorchCheckpoint c = TorchCheckpoint.open(zip(tensors(), storages(LE), "little"))) {
            CheckpointException e = assertThrows(CheckpointException.class, c::toSafetensorsView);
            assertTrue(e.getMessage().endsWith("tensor 'w_t' has size [3, 2] and stride [1, 3], not contiguous (a "
                    + "transposed or sliced view saved as is); re-save with {k: v.contiguous() for k, v in "
                    + "state_dict.items()}"), e.getMessage());
        }
    }

    @Test
    void inconsistentCheckpointsAreRefusedNamingTheProblem() throws IOException {
        // a tensor reaching past its storage
        List<Tensor> tooFar = List.of(new Tensor("w", "0", 4, new long[] {2, 3}, new long[] {3, 1}));
        String m = assertThrows(CheckpointException.class,
                () -> TorchCheckpoint.open(zip(tooFar, storages(LE), "little"))).getMessage();
        assertTrue(m.endsWith("tensor 'w' (offset 4, size [2, 3], stride [3, 1]) reaches element 9 of storage '0', "
                + "which has 8"), m);
        // a storage whose entry is shorter than numel x element size
        List<Storage> shortData = TorchFixtures.list(new Storage("0", "FloatStorage", 8, TorchFixtures.floats(LE, 1f)));
        List<Tensor> one = List.of(new Tensor("w", "0", 0, new long[] {1}, new long[] {1}));
        m = assertThrows(CheckpointException.class,
                () -> TorchCheckpoint.open(zip(one, shortData, "little"))).getMessage();
        assertTrue(m.endsWith("storage '0' is 8 x FloatStorage = 32 bytes, but entry pytorch_model/data/0 holds 4"), m);
        // an unknown storage class
        List<Storage> complex = TorchFixtures.list(new Storage("0", "ComplexFloatStorage", 1, new byte[8]));
        m = assertThrows(CheckpointException.class,
                () -> TorchCheckpoint.open(zip(one, complex, "little"))).getMessage();
        assertTrue(m.contains("global 'torch.ComplexFloatStorage': storages of this type are not supported; expected "
                + "one of [torch.FloatStorage, torch.DoubleStorage, torch.HalfStorage"), m);
        // a truncated file
        byte[] full = TorchFixtures.zip("archive/", TorchFixtures.stateDict(one, storages(LE), false), storages(LE),
                "little");
        Path cut = tmp.resolve("cut.bin");
        Files.write(cut, java.util.Arrays.copyOf(full, full.length / 2));
        m = assertThrows(CheckpointException.class, () -> TorchCheckpoint.open(cut)).getMessage();
        assertTrue(m.endsWith("starts like a zip archive but has no end-of-central-directory record; the file is "
                + "truncated or not a zip"), m);
    }

    @Test
    void otherFormatsAreRefusedClearly() throws IOException {
        Path script = tmp.resolve("script.pt");
        Files.write(script, TorchFixtures.storedZip(Map.of("model/constants.pkl", new byte[] {(byte) 0x80, 2, 'N', '.'},
                "model/code/__torch__.py", "def forward(self): pass".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        String m = assertThrows(CheckpointException.class, () -> TorchCheckpoint.open(script)).getMessage();
        assertEquals(script + ": a TorchScript archive (torch.jit.save), not a torch.save state dict; TorchScript "
                + "holds code and is not read", m);

        byte[] tar = new byte[1024];
        System.arraycopy("ustar".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, tar, 257, 5);
        Path tarFile = tmp.resolve("old.bin");
        Files.write(tarFile, tar);
        m = assertThrows(CheckpointException.class, () -> TorchCheckpoint.open(tarFile)).getMessage();
        assertEquals(tarFile + ": a tar archive, the checkpoint format of torch before 0.4; it is not supported (load "
                + "and re-save it with a current torch)", m);

        Path text = tmp.resolve("text.bin");
        Files.writeString(text, "hello world");
        m = assertThrows(CheckpointException.class, () -> TorchCheckpoint.open(text)).getMessage();
        assertEquals(text + ": not a torch.save checkpoint: expected a zip archive (PK\\3\\4) or a pickle (0x80), "
                + "found the bytes 68 65 6c 6c 6f 20 77 6f", m);

        Path plainPickle = tmp.resolve("plain.pkl");
        Files.write(plainPickle, new Pickle().proto(2).integer(7).stop().bytes());
        m = assertThrows(CheckpointException.class, () -> TorchCheckpoint.open(plainPickle)).getMessage();
        assertEquals(plainPickle + ": a pickle, but its first value 7 is not torch's magic number "
                + "0x1950a86a20f9469cfc6c; not a torch.save checkpoint", m);
    }
}
