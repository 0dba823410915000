package io.github.bertner.training;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * One digest for a corpus file or folder: SHA-256 over every regular file's path relative to the root (the
 * file's own name for a single file), a NUL byte and its contents, in path order. Renaming, adding, removing or
 * editing any file changes it; where the folder lies does not. The experiment runner logs it for every corpus
 * it reads and model folders record it in their {@code provenance.json}, so the two can be compared.
 *
 * @param sha256 the digest, 64 hex digits
 * @param bytes  total size of the files
 * @param files  number of files
 */
public record CorpusFingerprint(String sha256, long bytes, int files) {

    /**
     * Computes the fingerprint of a file or folder.
     *
     * @param root a corpus file or folder
     * @return its fingerprint
     * @throws IOException when a file cannot be read
     */
    public static CorpusFingerprint of(Path root) throws IOException {
        MessageDigest md = newDigest();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        long bytes = 0;
        byte[] buf = new byte[1 << 16];
        for (Path f : files) {
            String rel = root.equals(f) ? f.getFileName().toString() : root.relativize(f).toString();
            md.update(rel.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            bytes += feed(md, f, buf);
        }
        return new CorpusFingerprint(HexFormat.of().formatHex(md.digest()), bytes, files.size());
    }

    /**
     * SHA-256 of one file's contents, as {@code sha256sum} prints it (no path in it, unlike {@link #of}).
     *
     * @param file the file
     * @return 64 hex digits
     * @throws IOException when the file cannot be read
     */
    public static String sha256Of(Path file) throws IOException {
        MessageDigest md = newDigest();
        feed(md, file, new byte[1 << 16]);
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    /** Adds a file's contents to the digest; returns its size. */
    private static long feed(MessageDigest md, Path file, byte[] buf) throws IOException {
        long bytes = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
                bytes += n;
            }
        }
        return bytes;
    }
}
