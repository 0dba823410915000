package io.github.bertner.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a text file, decoded strictly, with the byte-level quirks that were repaired.
 *
 * <p>Decoding is strict on purpose: a replacement character would silently change a token, so an
 * undecodable byte is reported with its byte offset and line instead. A leading byte-order mark is
 * removed and CRLF line ends are accepted; both are reported through the flags so that readers can
 * count them rather than hide them.
 *
 * @param lines                 the lines without their line terminators; a final line terminator does
 *                              not produce an extra empty line
 * @param bom                   whether a byte-order mark was stripped
 * @param crlfLines             how many lines ended with CRLF
 * @param endsWithLineTerminator whether the last line was terminated (false for an empty file)
 */
public record TextLines(List<String> lines, boolean bom, int crlfLines, boolean endsWithLineTerminator) {

    /** Copies the line list so the record stays immutable. */
    public TextLines {
        lines = List.copyOf(lines);
    }

    /**
     * Reads and decodes a file.
     *
     * @param file    the file
     * @param charset its encoding
     * @return the decoded lines
     * @throws ReaderException  when a byte sequence is not valid in {@code charset} (message names the
     *                          file, line and byte offset)
     * @throws UncheckedIOException when the file cannot be read
     */
    public static TextLines read(Path file, Charset charset) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return decode(file.getFileName().toString(), bytes, charset);
    }

    /**
     * Decodes file content.
     *
     * @param fileName name used in error messages
     * @param bytes    the raw content
     * @param charset  its encoding
     * @return the decoded lines
     * @throws ReaderException when a byte sequence is not valid in {@code charset}
     */
    public static TextLines decode(String fileName, byte[] bytes, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) (bytes.length * (double) decoder.maxCharsPerByte()) + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            throw new ReaderException(fileName, lineOfByte(bytes, offset),
                    String.format("expected %s text, found invalid byte 0x%02X at byte offset %d", charset.name(),
                            bytes[offset] & 0xFF, offset));
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        boolean bom = !text.isEmpty() && text.charAt(0) == '\uFEFF';
        if (bom) {
            text = text.substring(1);
        }
        List<String> lines = new ArrayList<>();
        int crlf = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                int end = i;
                if (end > start && text.charAt(end - 1) == '\r') {
                    end--;
                    crlf++;
                }
                lines.add(text.substring(start, end));
                start = i + 1;
            }
        }
        boolean terminated = start == text.length() && !text.isEmpty();
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return new TextLines(lines, bom, crlf, terminated);
    }

    private static int lineOfByte(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
