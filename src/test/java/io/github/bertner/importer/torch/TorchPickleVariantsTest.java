package io.github.bertner.importer.torch;

import io.github.bertner.importer.torch.TorchFixtures.Pickle;
import io.github.bertner.importer.torch.TorchFixtures.Storage;
import io.github.bertner.importer.torch.TorchFixtures.Tensor;
import io.github.bertner.model.CheckpointException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The other shapes torch pickles take: nn.Parameter wrappers, {@code _rebuild_from_type_v2},
 * OrderedDict built from a list of pairs, protocol-4 framing and memo, non-tensor entries, legacy
 * storage views, and the messages when the top level holds no tensors.
 */
class TorchPickleVariantsTest {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final Storage FLOATS = new Storage("0", "FloatStorage", 4, TorchFixtures.floats(LE, 1f, 2f, 3f, 4f));
    private static final Tensor ALL = new Tensor("x", "0", 0, new long[] {2, 2}, new long[] {2, 1});

    @TempDir
    Path tmp;

    private Path zip(byte[] dataPkl) throws IOException {
        Path f = tmp.resolve("pytorch_model.bin");
        Files.write(f, TorchFixtures.zip("archive/", dataPkl, List.of(FLOATS), "little"));
        return f;
    }

    private static Pickle rebuild(Pickle p, Tensor t) {
        p.global("torch._utils", "_rebuild_tensor_v2");
        TorchFixtures.rebuildArguments(p, t, FLOATS, null);
        return p.tuple().reduce();
    }

    @Test
    void parametersAndTypedRebuildsAreReadAsTheirTensors() throws IOException {
        Pickle p = new Pickle().proto(2).op('}').mark();
        // nn.Parameter: _rebuild_parameter(tensor, requires_grad, OrderedDict())
        p.str("param").global("torch._utils", "_rebuild_parameter");
        rebuild(p.mark(), ALL).op(0x88).global("collections", "OrderedDict").op(')').reduce().tuple().reduce();
        // _rebuild_parameter_with_state(tensor, requires_grad, hooks, state)
        p.str("stateful").global("torch._utils", "_rebuild_parameter_with_state");
        rebuild(p.mark(), ALL).op(0x88).op('}').op('}').tuple().reduce();
        // _rebuild_from_type_v2(_rebuild_tensor_v2, Parameter, (args...), {})
        p.str("typed").global("torch._tensor", "_rebuild_from_type_v2").mark()
                .global("torch._utils", "_rebuild_tensor_v2").global("torch.nn.parameter", "Parameter");
        TorchFixtures.rebuildArguments(p, new Tensor("", "0", 2, new long[] {2}, new long[] {1}), FLOATS, null);
        p.tuple().op('}').tuple().reduce();
        // plain values next to tensors are skipped
        p.str("epoch").integer(3).str("name").str("bert").str("lr").op('G')
                .raw(new byte[] {0x3f, 0x1a, 0x36, (byte) 0xe2, (byte) 0xeb, 0x1c, 0x43, 0x2d});
        p.op('u').stop();
        try (TorchCheckpoint c = TorchCheckpoint.open(zip(p.bytes()))) {
            assertEquals(List.of("param", "stateful", "typed"), List.copyOf(c.tensors().keySet()));
            assertArrayEquals(new float[] {1, 2, 3, 4}, c.readFloat("param").data());
            assertArrayEquals(new float[] {1, 2, 3, 4}, c.readFloat("stateful").data());
            assertArrayEquals(new float[] {3, 4}, c.readFloat("typed").data());
        }
    }

    @Test
    void orderedDictFromPairsAndProtocol4FramingAndMemo() throws IOException {
        Pickle p = new Pickle().proto(4).op(0x95).raw(TorchFixtures.le(8, 0))
                .stackGlobal("collections", "OrderedDict").op(0x94).op(']').mark();
        p.shortStr("a").op(0x94);
        rebuild(p, ALL).op(0x94).op(0x86); // TUPLE2 (key, tensor)
        p.shortStr("b");
        rebuild(p, new Tensor("", "0", 3, new long[] {1}, new long[] {1})).op(0x86);
        p.op('e').op(0x85).reduce().stop();
        try (TorchCheckpoint c = TorchCheckpoint.open(zip(p.bytes()))) {
            assertEquals(List.of("a", "b"), List.copyOf(c.tensors().keySet()));
            assertArrayEquals(new float[] {4}, c.readFloat("b").data());
        }
    }

    @Test
    void legacyStorageViewsPointIntoTheirRootStorage() throws IOException {
        byte[] full = TorchFixtures.legacy(List.of(ALL), List.of(FLOATS));
        // rebuild the main pickle with a tensor on view "v" = elements [1, 3) of storage "0"
        Pickle main = new Pickle().proto(2).op('}').mark().str("x");
        main.global("torch._utils", "_rebuild_tensor_v2");
        TorchFixtures.rebuildArguments(main, new Tensor("", "0", 0, new long[] {2}, new long[] {1}), FLOATS, "v", 1, 2);
        main.tuple().reduce().str("y");
        main.global("torch._utils", "_rebuild_tensor_v2");
        TorchFixtures.rebuildArguments(main, new Tensor("", "0", 1, new long[] {2}, new long[] {1}), FLOATS, "N");
        main.tuple().reduce().op('u').stop();
        byte[] stock = TorchFixtures.stateDict(List.of(ALL), List.of(FLOATS), true);
        int at = indexOf(full, stock);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(full, 0, at);
        out.writeBytes(main.bytes());
        out.write(full, at + stock.length, full.length - at - stock.length);
        Path f = tmp.resolve("legacy.bin");
        Files.write(f, out.toByteArray());
        try (TorchCheckpoint c = TorchCheckpoint.open(f)) {
            assertArrayEquals(new float[] {2, 3}, c.readFloat("x").data());
            assertArrayEquals(new float[] {2, 3}, c.readFloat("y").data());
            assertEquals("view:v", c.tensors().get("x").storage().key());
        }
    }

    @Test
    void checkpointsWithoutTopLevelTensorsAreRefused() throws IOException {
        Pickle nested = new Pickle().proto(2).op('}').str("state_dict").op('}').str("x");
        rebuild(nested, ALL).op('s').op('s').stop();
        Path f = zip(nested.bytes());
        String m = assertThrows(CheckpointException.class, () -> TorchCheckpoint.open(f)).getMessage();
        assertEquals(f + ": no tensors at the top level of the checkpoint; it nests dicts under [state_dict] (a "
                + "training state?); save the model's state_dict() itself", m);
        Path g = zip(new Pickle().proto(2).mark().integer(1).integer(2).op('l').stop().bytes());
        m = assertThrows(CheckpointException.class, () -> TorchCheckpoint.open(g)).getMessage();
        assertEquals(g + ": expected a state dict (a dict of tensors) at the top level, found a list of 2", m);
    }

    @Test
    void nonEmptyBackwardHooksAreRefused() throws IOException {
        Pickle p = new Pickle().proto(2).op('}').str("x").global("torch._utils", "_rebuild_tensor_v2").mark()
                .mark().str("storage").global("torch", "FloatStorage").str("0").str("cpu").integer(4).tuple()
                .op('Q').integer(0).mark().integer(4).tuple().mark().integer(1).tuple().op(0x89)
                .op('}').integer(1).str("hook").op('s').tuple().reduce().op('s').stop();
        Path f = zip(p.bytes());
        String m = assertThrows(CheckpointException.class, () -> TorchCheckpoint.open(f)).getMessage();
        assertTrue(m.endsWith("torch._utils._rebuild_tensor_v2: backward hooks a dict of 1 are not supported"), m);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
