package io.github.bertner.importer.torch;

import io.github.bertner.model.CheckpointException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The central directory of a zip file, read directly so that each entry's data position in the
 * file is known (java.util.zip hides it): torch stores storages uncompressed, so a tensor can
 * be read in place. Zip64 sizes and offsets are understood (checkpoints over 4 GiB).
 */
final class ZipIndex {

    /**
     * One entry.
     *
     * @param name the full entry name
     * @param method 0 (stored) or 8 (deflated)
     * @param compressedSize bytes in the file
     * @param size bytes after decompression
     * @param dataOffset absolute position of the entry's data
     */
    record Entry(String name, int method, long compressedSize, long size, long dataOffset) {
    }

    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;

    private ZipIndex() {
    }

    /**
     * Reads all entries.
     *
     * @param file the zip file, for messages
     * @param ch an open channel on it
     * @return entry name to entry, in directory order
     * @throws CheckpointException when the file is not a well-formed zip
     * @throws IOException when reading fails
     */
    static Map<String, Entry> read(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        int tail = (int) Math.min(size, 22 + 65535);
        ByteBuffer end = readAt(ch, size - tail, tail, file);
        int eocd = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (end.getInt(i) == EOCD) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw new CheckpointException(file + ": starts like a zip archive but has no end-of-central-directory "
                    + "record; the file is truncated or not a zip");
        }
        long entries = end.getShort(eocd + 10) & 0xffff;
        long dirSize = end.getInt(eocd + 12) & 0xffffffffL;
        long dirOffset = end.getInt(eocd + 16) & 0xffffffffL;
        long eocdPos = size - tail + eocd;
        if (entries == 0xffff || dirSize == 0xffffffffL || dirOffset == 0xffffffffL) {
            ByteBuffer loc = readAt(ch, eocdPos - 20, 20, file);
            if (loc.getInt(0) != ZIP64_LOCATOR) {
                throw new CheckpointException(file + ": zip64 values without a zip64 end-of-central-directory locator");
            }
            long zip64Pos = loc.getLong(8);
            ByteBuffer z = readAt(ch, zip64Pos, 56, file);
            if (z.getInt(0) != ZIP64_EOCD) {
                throw new CheckpointException(file + ": no zip64 end-of-central-directory record at byte " + zip64Pos);
            }
            entries = z.getLong(32);
            dirSize = z.getLong(40);
            dirOffset = z.getLong(48);
        }
        if (dirOffset + dirSize > size || dirSize > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(String.format(Locale.ROOT,
                    "%s: central directory [%d, +%d) lies outside the file of %d bytes", file, dirOffset, dirSize, size));
        }
        ByteBuffer dir = readAt(ch, dirOffset, (int) dirSize, file);
        Map<String, Entry> out = new LinkedHashMap<>();
        int p = 0;
        for (long n = 0; n < entries; n++) {
            if (p + 46 > dir.limit() || dir.getInt(p) != CENTRAL) {
                throw new CheckpointException(String.format(Locale.ROOT,
                        "%s: central directory entry %d at byte %d is malformed", file, n, dirOffset + p));
            }
            int method = dir.getShort(p + 10) & 0xffff;
            long csize = dir.getInt(p + 20) & 0xffffffffL;
            long usize = dir.getInt(p + 24) & 0xffffffffL;
            int nameLen = dir.getShort(p + 28) & 0xffff;
            int extraLen = dir.getShort(p + 30) & 0xffff;
            int commentLen = dir.getShort(p + 32) & 0xffff;
            long local = dir.getInt(p + 42) & 0xffffffffL;
            byte[] nameBytes = new byte[nameLen];
            dir.get(p + 46, nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            // zip64 extra field: the 8-byte values of exactly those fields that hold 0xffffffff
            int e = p + 46 + nameLen;
            int eEnd = e + extraLen;
            while (e + 4 <= eEnd) {
                int id = dir.getShort(e) & 0xffff;
                int len = dir.getShort(e + 2) & 0xffff;
                if (id == 0x0001) {
                    int q = e + 4;
                    if (usize == 0xffffffffL) {
                        usize = dir.getLong(q);
                        q += 8;
                    }
                    if (csize == 0xffffffffL) {
                        csize = dir.getLong(q);
                        q += 8;
                    }
                    if (local == 0xffffffffL) {
                        local = dir.getLong(q);
                    }
                }
                e += 4 + len;
            }
            ByteBuffer lh = readAt(ch, local, 30, file);
            if (lh.getInt(0) != LOCAL) {
                throw new CheckpointException(String.format(Locale.ROOT,
                        "%s: entry '%s': no local header at byte %d", file, name, local));
            }
            long data = local + 30 + (lh.getShort(26) & 0xffff) + (lh.getShort(28) & 0xffff);
            if (data + csize > size) {
                throw new CheckpointException(String.format(Locale.ROOT,
                        "%s: entry '%s' needs bytes [%d, %d) but the file has %d; truncated download?", file, name,
                        data, data + csize, size));
            }
            out.put(name, new Entry(name, method, csize, usize, data));
            p += 46 + nameLen + extraLen + commentLen;
        }
        return out;
    }

    /**
     * The bytes of a (small) entry, inflated when deflated.
     *
     * @param file the zip file, for messages
     * @param ch an open channel on it
     * @param e the entry
     * @return its content
     * @throws CheckpointException when the entry is too large, uses another compression or is corrupt
     * @throws IOException when reading fails
     */
    static byte[] content(Path file, FileChannel ch, Entry e) throws IOException {
        if (e.size() > Integer.MAX_VALUE - 8 || e.compressedSize() > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(file + ": entry '" + e.name() + "' of " + e.size() + " bytes is too large");
        }
        ByteBuffer raw = readAt(ch, e.dataOffset(), (int) e.compressedSize(), file);
        byte[] bytes = new byte[raw.remaining()];
        raw.get(bytes);
        if (e.method() == 0) {
            return bytes;
        }
        if (e.method() != 8) {
            throw new CheckpointException(String.format(Locale.ROOT,
                    "%s: entry '%s' uses zip compression method %d; expected 0 (stored) or 8 (deflated)", file,
                    e.name(), e.method()));
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(bytes);
            byte[] out = new byte[(int) e.size()];
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                int k = inflater.inflate(out, n, out.length - n);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += k;
            }
            if (n != out.length) {
                throw new CheckpointException(String.format(Locale.ROOT,
                        "%s: entry '%s' inflates to %d bytes, the directory says %d", file, e.name(), n, out.length));
            }
            return out;
        } catch (DataFormatException ex) {
            throw new CheckpointException(file + ": entry '" + e.name() + "' is corrupt: " + ex.getMessage(), ex);
        } finally {
            inflater.end();
        }
    }

    static ByteBuffer readAt(FileChannel ch, long position, int length, Path file) throws IOException {
        if (position < 0 || position + length > ch.size()) {
            throw new CheckpointException(String.format(Locale.ROOT,
                    "%s: expected %d bytes at byte %d, but the file has %d; truncated?", file, length, position,
                    ch.size()));
        }
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        long p = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, p);
            if (n < 0) {
                throw new CheckpointException(file + ": unexpected end of file at byte " + p);
            }
            p += n;
        }
        buf.flip();
        return buf;
    }
}
