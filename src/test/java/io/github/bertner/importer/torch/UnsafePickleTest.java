package io.github.bertner.importer.torch;

import io.github.bertner.importer.torch.TorchFixtures.Pickle;
import io.github.bertner.importer.torch.TorchFixtures.Storage;
import io.github.bertner.model.CheckpointException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pickles that would run code under Python's pickle are refused, naming the global, and nothing
 * runs: each payload would create a marker file, which must not exist afterwards.
 */
class UnsafePickleTest {

    private static final String ALLOWED = "(collections.OrderedDict, torch.Tensor, torch._tensor.Tensor, "
            + "torch._tensor._rebuild_from_type_v2, torch._utils._rebuild_parameter, "
            + "torch._utils._rebuild_parameter_with_state, torch._utils._rebuild_tensor, "
            + "torch._utils._rebuild_tensor_v2, torch.nn.parameter.Parameter and the torch.*Storage "
            + "classes); nothing was executed";

    @TempDir
    Path tmp;

    private Path marker() {
        return tmp.resolve("pwned");
    }

    /** {@code os.system("touch <marker>")} as protocol 2 writes it: GLOBAL, argument tuple, REDUCE. */
    private byte[] systemViaGlobal(String module, String name, String argument) {
        return new Pickle().proto(2).global(module, name).put(0).str(argument).op(0x85).reduce().stop().bytes();
    }

    /** The same through protocol 4's STACK_GLOBAL, which takes module and name from the stack. */
    private byte[] systemViaStackGlobal(String module, String name, String argument) {
        return new Pickle().proto(4).op(0x95).raw(TorchFixtures.le(8, 0)).stackGlobal(module, name).op(0x94)
                .str(argument).op(0x85).reduce().stop().bytes();
    }

    /** A torch zip whose data.pkl is the payload. */
    private Path inZip(byte[] dataPkl) throws IOException {
        Path f = tmp.resolve("pytorch_model.bin");
        Files.write(f, TorchFixtures.zip("archive/", dataPkl, List.of(), "little"));
        return f;
    }

    private String refusedZip(byte[] dataPkl) throws IOException {
        Path f = inZip(dataPkl);
        String m = assertThrows(CheckpointException.class, () -> TorchCheckpoint.open(f)).getMessage();
        assertFalse(Files.exists(marker()), "the payload ran");
        return m;
    }

    @Test
    void osSystemViaGlobalIsRefusedByName() throws IOException {
        String m = refusedZip(systemViaGlobal("posix", "system", "touch " + marker()));
        assertEquals(tmp.resolve("pytorch_model.bin") + " (archive/data.pkl), byte 2: refused global 'posix.system': "
                + "only the globals torch.save needs for tensors are allowed " + ALLOWED, m);
        m = refusedZip(systemViaGlobal("os", "system", "touch " + marker()));
        assertTrue(m.contains("refused global 'os.system'"), m);
        m = refusedZip(systemViaGlobal("nt", "system", "touch " + marker()));
        assertTrue(m.contains("refused global 'nt.system'"), m);
        m = refusedZip(systemViaGlobal("subprocess", "Popen", "touch " + marker()));
        assertTrue(m.contains("refused global 'subprocess.Popen'"), m);
    }

    @Test
    void osSystemViaStackGlobalIsRefusedByName() throws IOException {
        String m = refusedZip(systemViaStackGlobal("posix", "system", "touch " + marker()));
        // byte 26: after PROTO (2 bytes), FRAME (9) and two SHORT_BINUNICODE (7 + 8) comes STACK_GLOBAL
        assertEquals(tmp.resolve("pytorch_model.bin") + " (archive/data.pkl), byte 26: refused global 'posix.system': "
                + "only the globals torch.save needs for tensors are allowed " + ALLOWED, m);
    }

    @Test
    void builtinsEvalAndExecAreRefused() throws IOException {
        String code = "__import__('os').system('touch " + marker() + "')";
        assertTrue(refusedZip(systemViaGlobal("builtins", "eval", code)).contains("refused global 'builtins.eval'"));
        assertTrue(refusedZip(systemViaGlobal("builtins", "exec", code)).contains("refused global 'builtins.exec'"));
        assertTrue(refusedZip(systemViaStackGlobal("builtins", "eval", code)).contains("refused global 'builtins.eval'"));
        assertTrue(refusedZip(systemViaStackGlobal("builtins", "exec", code)).contains("refused global 'builtins.exec'"));
        // Python 2 spelling, and getattr-based indirection
        assertTrue(refusedZip(systemViaGlobal("__builtin__", "eval", code)).contains("refused global '__builtin__.eval'"));
        assertTrue(refusedZip(systemViaGlobal("builtins", "getattr", code)).contains("refused global 'builtins.getattr'"));
    }

    @Test
    void payloadHiddenInsideAStateDictIsRefused() throws IOException {
        // a normal-looking tensor entry whose backward_hooks argument is eval(...)
        String code = "__import__('os').system('touch " + marker() + "')";
        Pickle p = new Pickle().proto(2).global("collections", "OrderedDict").put(0).op(')').reduce().mark()
                .str("w").global("torch._utils", "_rebuild_tensor_v2").mark()
                .mark().str("storage").global("torch", "FloatStorage").str("0").str("cpu").integer(1).tuple().op('Q')
                .integer(0).mark().integer(1).tuple().mark().integer(1).tuple().op(0x89)
                .global("builtins", "eval").str(code).op(0x85).reduce()
                .tuple().reduce().op('u').stop();
        Path f = tmp.resolve("pytorch_model.bin");
        List<Storage> one = List.of(new Storage("0", "FloatStorage", 1, TorchFixtures.floats(ByteOrder.LITTLE_ENDIAN, 1f)));
        Files.write(f, TorchFixtures.zip("archive/", p.bytes(), one, "little"));
        String m = assertThrows(CheckpointException.class, () -> TorchCheckpoint.open(f)).getMessage();
        assertTrue(m.contains("refused global 'builtins.eval'"), m);
        assertFalse(Files.exists(marker()), "the payload ran");
    }

    @Test
    void payloadInALegacyCheckpointIsRefused() throws IOException {
        byte[] magic = new Pickle().proto(2).op(0x8a).op(10).raw(new byte[] {0x6c, (byte) 0xfc, (byte) 0x9c, 0x46,
                (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19}).stop().bytes();
        byte[] version = new Pickle().proto(2).op('M').raw(TorchFixtures.le(2, 1001)).stop().bytes();
        byte[] sys = new Pickle().proto(2).op('}').str("little_endian").op(0x88).op('s').stop().bytes();
        byte[] payload = systemViaGlobal("posix", "system", "touch " + marker());
        Path f = tmp.resolve("legacy.bin");
        Files.write(f, concat(magic, version, sys, payload));
        String m = assertThrows(CheckpointException.class, () -> TorchCheckpoint.open(f)).getMessage();
        assertEquals(f + ", byte " + (magic.length + version.length + sys.length + 2)
                + ": refused global 'posix.system': only the globals torch.save needs for tensors are allowed " + ALLOWED,
                m);
        assertFalse(Files.exists(marker()), "the payload ran");
    }

    @Test
    void allowListedGlobalsCannotBeMisused() throws IOException {
        // a storage class is a type marker, never callable
        String m = refusedZip(new Pickle().proto(2).global("torch", "FloatStorage").op(')').reduce().stop().bytes());
        assertTrue(m.endsWith("'torch.FloatStorage' is not callable here (it may only appear as the type in a "
                + "storage's persistent id)"), m);
        // torch.Tensor likewise
        m = refusedZip(new Pickle().proto(2).global("torch", "Tensor").op(')').reduce().stop().bytes());
        assertTrue(m.endsWith("'torch.Tensor' is not callable here (it may only appear as a type argument)"), m);
        // REDUCE on plain data
        m = refusedZip(new Pickle().proto(2).str("os.system").op(')').reduce().stop().bytes());
        assertTrue(m.endsWith("REDUCE on 'os.system'; only allow-listed globals can be called"), m);
        // a persistent id that is not a storage
        m = refusedZip(new Pickle().proto(2).mark().str("module").str("x").tuple().op('Q').stop().bytes());
        assertTrue(m.contains("expected a persistent id ('storage', type, key, location, numel), found a tuple of 2"),
                m);
    }

    @Test
    void opcodesThatInstantiateClassesAreRefused() throws IOException {
        // INST: module, name and arguments from a MARK; Python imports and calls it
        byte[] inst = new Pickle().proto(2).mark().str("touch " + marker()).op('i')
                .raw("posix\nsystem\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).stop().bytes();
        assertTrue(refusedZip(inst).endsWith("opcode INST (0x69) instantiates a class; refused (tensor checkpoints do "
                + "not need it), nothing was executed"));
        byte[] newobj = new Pickle().proto(2).global("collections", "OrderedDict").op(')').op(0x81).stop().bytes();
        assertTrue(refusedZip(newobj).endsWith("opcode NEWOBJ (0x81) instantiates a class; refused (tensor checkpoints "
                + "do not need it), nothing was executed"));
        byte[] ext = new Pickle().proto(2).op(0x82).op(1).stop().bytes();
        assertTrue(refusedZip(ext).endsWith("opcode EXT1 (0x82) (copyreg extension registry) is refused, nothing was "
                + "executed"));
        byte[] text = new Pickle().op('I').raw("1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).stop()
                .bytes();
        assertTrue(refusedZip(text).endsWith("opcode INT (0x49) is not supported (only the binary opcodes of protocols "
                + "2-5 that tensor checkpoints use)"));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }
}
