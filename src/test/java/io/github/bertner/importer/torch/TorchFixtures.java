package io.github.bertner.importer.torch;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Hand-assembled {@code torch.save} files for tests (there is no Python here). The layouts
 * follow the pickle protocol specification (Python's {@code pickletools} opcode table) and
 * torch's serialization format:
 *
 * <pre>
 * pickle protocol 2, one state dict (what torch.save(state_dict) writes):
 *   80 02                         PROTO 2
 *   63 "collections\nOrderedDict\n" GLOBAL, 71 00 BINPUT 0
 *   29 52                         EMPTY_TUPLE, REDUCE             -> OrderedDict()
 *   28                            MARK
 *     58 len4 "name"              BINUNICODE key
 *     63 "torch._utils\n_rebuild_tensor_v2\n"   GLOBAL (later: 68 idx BINGET)
 *     28                          MARK (argument tuple)
 *       28 58 "storage" 63 "torch\nFloatStorage\n" 58 key 58 "cpu" 4a numel 74 51
 *                                 MARK ... TUPLE, BINPERSID     -> the storage
 *                                 (legacy files: a sixth item, 4e NONE = no view, before 74)
 *       4a offset                 BININT storage_offset
 *       28 4a d0 4a d1 74         size tuple
 *       28 4a s0 4a s1 74         stride tuple
 *       89                        NEWFALSE requires_grad
 *       63 "collections\nOrderedDict\n" 29 52   GLOBAL, EMPTY_TUPLE, REDUCE -> no backward hooks
 *     74 52                       TUPLE, REDUCE                  -> the tensor
 *   75                            SETITEMS
 *   7d 58 "_metadata" 7d 73 62    {'_metadata': {}} then BUILD (state_dict's attribute)
 *   2e                            STOP
 *
 * zip (torch 1.6+): entries under "&lt;prefix&gt;/", all stored (method 0), data aligned to 64 bytes by
 * padding the local extra field (id 0x4246 "FB", as torch's writer does):
 *   data.pkl, byteorder ("little"), data/&lt;key&gt; (raw storage bytes), version ("3\n")
 *   local header  50 4b 03 04, ver 20, flags 0, method 0, time 0, date 0, crc32, csize, usize,
 *                 name len, extra len, name, extra, data
 *   central dir   50 4b 01 02, made-by 20, ver 20, flags, method, time, date, crc32, csize, usize,
 *                 name len, extra 0, comment 0, disk 0, int attr 0, ext attr 0, local offset, name
 *   end record    50 4b 05 06, disk 0, disk 0, entries, entries, dir size, dir offset, comment 0
 *
 * legacy (torch 0.4-1.5): five pickles, then the storages in key-list order:
 *   pickle(0x1950a86a20f9469cfc6c)  80 02 8a 0a &lt;10 bytes LE&gt; 2e    (LONG1)
 *   pickle(1001)                    80 02 4d e9 03 2e               (BININT2)
 *   pickle({'protocol_version': 1001, 'little_endian': True, 'type_sizes': {...}})
 *   pickle(state dict, 6-item persistent ids)
 *   pickle(['0', '1', ...])         sorted storage keys
 *   per key: int64 LE element count, then the raw bytes
 * </pre>
 */
final class TorchFixtures {

    private TorchFixtures() {
    }

    /** A storage: key, torch storage class, element count and its raw bytes. */
    record Storage(String key, String storageClass, long numel, byte[] data) {
    }

    /** A tensor entry of the state dict. */
    record Tensor(String name, String storageKey, long offset, long[] shape, long[] stride) {
    }

    /** Little pickle assembler; every method appends one opcode with its argument. */
    static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle op(int op) {
            out.write(op);
            return this;
        }

        Pickle proto(int p) {
            return op(0x80).op(p);
        }

        Pickle global(String module, String name) {
            op('c');
            raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        /** Protocol 4: two SHORT_BINUNICODE strings then STACK_GLOBAL. */
        Pickle stackGlobal(String module, String name) {
            return shortStr(module).shortStr(name).op(0x93);
        }

        Pickle shortStr(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op(0x8c).op(b.length);
            raw(b);
            return this;
        }

        Pickle str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            raw(le(4, b.length));
            raw(b);
            return this;
        }

        Pickle integer(long v) {
            if (v >= 0 && v < 256) {
                return op('K').op((int) v);
            }
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                op('J');
                raw(le(4, v));
                return this;
            }
            op(0x8a).op(8);
            raw(le(8, v));
            return this;
        }

        Pickle mark() {
            return op('(');
        }

        Pickle tuple() {
            return op('t');
        }

        Pickle reduce() {
            return op('R');
        }

        Pickle put(int i) {
            return op('q').op(i);
        }

        Pickle get(int i) {
            return op('h').op(i);
        }

        Pickle stop() {
            return op('.');
        }

        Pickle raw(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    static byte[] le(int n, long v) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
        byte[] out = new byte[n];
        System.arraycopy(b.array(), 0, out, 0, n);
        return out;
    }

    /** The state-dict pickle in the layout of the class comment. */
    static byte[] stateDict(List<Tensor> tensors, List<Storage> storages, boolean legacy) {
        Map<String, Storage> byKey = new LinkedHashMap<>();
        storages.forEach(s -> byKey.put(s.key(), s));
        Pickle p = new Pickle().proto(2);
        p.global("collections", "OrderedDict").put(0).op(')').reduce().put(1);
        p.mark();
        boolean first = true;
        for (Tensor t : tensors) {
            p.str(t.name());
            if (first) {
                p.global("torch._utils", "_rebuild_tensor_v2").put(2);
                first = false;
            } else {
                p.get(2);
            }
            rebuildArguments(p, t, byKey.get(t.storageKey()), legacy ? "N" : null);
            p.tuple().reduce();
        }
        p.op('u');
        p.op('}').str("_metadata").op('}').op('s').op('b');
        return p.stop().bytes();
    }

    /**
     * Appends the argument tuple of {@code _rebuild_tensor_v2} for a tensor, up to but excluding
     * the closing TUPLE; {@code view} is null for zip ids, "N" for a legacy id without view, or a
     * legacy view key.
     */
    static void rebuildArguments(Pickle p, Tensor t, Storage s, String view) {
        rebuildArguments(p, t, s, view, 0, 0);
    }

    static void rebuildArguments(Pickle p, Tensor t, Storage s, String view, long viewOffset, long viewSize) {
        p.mark();
        p.mark().str("storage").global("torch", s.storageClass()).str(s.key()).str("cpu").integer(s.numel());
        if ("N".equals(view)) {
            p.op('N');
        } else if (view != null) {
            p.mark().str(view).integer(viewOffset).integer(viewSize).tuple();
        }
        p.tuple().op('Q');
        p.integer(t.offset());
        p.mark();
        for (long d : t.shape()) {
            p.integer(d);
        }
        p.tuple();
        p.mark();
        for (long d : t.stride()) {
            p.integer(d);
        }
        p.tuple();
        p.op(0x89);
        p.global("collections", "OrderedDict").op(')').reduce();
    }

    /** A torch zip checkpoint holding {@code dataPkl} and the storages. */
    static byte[] zip(String prefix, byte[] dataPkl, List<Storage> storages, String byteorder) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(prefix + "data.pkl", dataPkl);
        if (byteorder != null) {
            entries.put(prefix + "byteorder", byteorder.getBytes(StandardCharsets.US_ASCII));
        }
        for (Storage s : storages) {
            entries.put(prefix + "data/" + s.key(), s.data());
        }
        entries.put(prefix + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
        return storedZip(entries);
    }

    /** A zip with every entry stored, data aligned to 64 bytes. */
    static byte[] storedZip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream dir = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] data = e.getValue();
            CRC32 crc = new CRC32();
            crc.update(data);
            long offset = out.size();
            int unpadded = (int) ((offset + 30 + name.length + 4) % 64);
            int pad = (64 - unpadded) % 64;
            byte[] extra = new byte[4 + pad];
            extra[0] = 'F';
            extra[1] = 'B';
            extra[2] = (byte) pad;
            extra[3] = (byte) (pad >> 8);
            ByteBuffer lh = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
            lh.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putInt((int) crc.getValue()).putInt(data.length).putInt(data.length)
                    .putShort((short) name.length).putShort((short) extra.length);
            out.write(lh.array(), 0, 30);
            out.write(name, 0, name.length);
            out.write(extra, 0, extra.length);
            out.write(data, 0, data.length);
            ByteBuffer ch = ByteBuffer.allocate(46).order(ByteOrder.LITTLE_ENDIAN);
            ch.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt((int) crc.getValue()).putInt(data.length)
                    .putInt(data.length).putShort((short) name.length).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) offset);
            dir.write(ch.array(), 0, 46);
            dir.write(name, 0, name.length);
        }
        long dirOffset = out.size();
        byte[] d = dir.toByteArray();
        out.write(d, 0, d.length);
        ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt(d.length).putInt((int) dirOffset).putShort((short) 0);
        out.write(end.array(), 0, 22);
        return out.toByteArray();
    }

    /** A legacy (pre-1.6) checkpoint in the layout of the class comment. */
    static byte[] legacy(List<Tensor> tensors, List<Storage> storages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] magic = new Pickle().proto(2).op(0x8a).op(10)
                .raw(new byte[] {0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19})
                .stop().bytes();
        byte[] version = new Pickle().proto(2).op('M').raw(le(2, 1001)).stop().bytes();
        byte[] sysInfo = new Pickle().proto(2).op('}').mark()
                .str("protocol_version").op('M').raw(le(2, 1001))
                .str("little_endian").op(0x88)
                .str("type_sizes").op('}').mark().str("short").integer(2).str("int").integer(4).str("long")
                .integer(8).op('u')
                .op('u').stop().bytes();
        byte[] main = stateDict(tensors, storages, true);
        Pickle keys = new Pickle().proto(2).op(']').mark();
        for (Storage s : storages) {
            keys.str(s.key());
        }
        byte[] keyList = keys.op('e').stop().bytes();
        for (byte[] b : List.of(magic, version, sysInfo, main, keyList)) {
            out.write(b, 0, b.length);
        }
        for (Storage s : storages) {
            byte[] count = le(8, s.numel());
            out.write(count, 0, 8);
            out.write(s.data(), 0, s.data().length);
        }
        return out.toByteArray();
    }

    static byte[] floats(ByteOrder order, float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(order);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    static byte[] shorts(ByteOrder order, int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(order);
        for (int s : v) {
            b.putShort((short) s);
        }
        return b.array();
    }

    static byte[] longs(ByteOrder order, long... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(order);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    static List<Storage> list(Storage... s) {
        return new ArrayList<>(List.of(s));
    }
}
