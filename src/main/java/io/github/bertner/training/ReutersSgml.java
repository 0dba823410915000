package io.github.bertner.training;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts article bodies from Reuters-21578 SGML files ({@code reut2-NNN.sgm}) for MLM pretraining
 * and vocabulary building.
 *
 * <p>Encoding policy: files are decoded as UTF-8; a byte sequence that is not valid UTF-8 is decoded
 * as ISO-8859-1 instead (one character per byte) and counted in {@link Result#invalidBytes()}. In the
 * distributed corpus this happens exactly once: byte 0xFC (Latin-1 'ü') in reut2-017.sgm. Character
 * references ({@code &lt;}, {@code &amp;}, {@code &#NN;} ...) are decoded; control characters such as
 * the {@code &#3;} end-of-text marker become spaces.
 */
public final class ReutersSgml {

    private static final Logger LOG = LoggerFactory.getLogger(ReutersSgml.class);
    private static final Pattern BODY = Pattern.compile("<BODY>(.*?)</BODY>", Pattern.DOTALL);
    private static final Pattern ARTICLE = Pattern.compile("<REUTERS[ >]");
    private static final Pattern REFERENCE = Pattern.compile("&(#[0-9]+|#x[0-9a-fA-F]+|lt|gt|amp|quot|apos);");

    private ReutersSgml() {
    }

    /**
     * Bodies extracted from one or more files.
     *
     * @param bodies       article texts in file order
     * @param articles     number of {@code <REUTERS>} articles seen
     * @param invalidBytes number of bytes that were not valid UTF-8 (decoded as Latin-1)
     */
    public record Result(List<String> bodies, int articles, int invalidBytes) {
    }

    /**
     * Reads one SGML file.
     *
     * @param file the file
     * @return bodies and counts
     * @throws IOException when the file cannot be read
     */
    public static Result read(Path file) throws IOException {
        int[] invalid = new int[1];
        String text = decodeUtf8OrLatin1(Files.readAllBytes(file), invalid);
        if (invalid[0] > 0) {
            LOG.warn("{}: {} byte(s) not valid UTF-8, decoded as ISO-8859-1", file, invalid[0]);
        }
        List<String> bodies = new ArrayList<>();
        Matcher m = BODY.matcher(text);
        while (m.find()) {
            String body = decodeReferences(m.group(1)).strip();
            if (!body.isEmpty()) {
                bodies.add(body);
            }
        }
        int articles = 0;
        Matcher a = ARTICLE.matcher(text);
        while (a.find()) {
            articles++;
        }
        return new Result(bodies, articles, invalid[0]);
    }

    /**
     * Decodes UTF-8, taking every malformed byte as an ISO-8859-1 character.
     *
     * @param bytes   input
     * @param invalid receives the count of malformed bytes in element 0
     * @return the text
     */
    public static String decodeUtf8OrLatin1(byte[] bytes, int[] invalid) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 16);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isUnderflow()) {
                decoder.flush(out);
                break;
            }
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    out.put((char) (in.get() & 0xFF));
                    invalid[0]++;
                }
            } else {
                throw new IllegalStateException("output buffer overflow while decoding");
            }
        }
        out.flip();
        return out.toString();
    }

    /**
     * Replaces SGML character references and control characters.
     *
     * @param s raw body text
     * @return decoded text
     */
    static String decodeReferences(String s) {
        Matcher m = REFERENCE.matcher(s);
        StringBuilder sb = new StringBuilder(s.length());
        while (m.find()) {
            String ref = m.group(1);
            String rep = switch (ref) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> {
                    int cp = ref.startsWith("#x") ? Integer.parseInt(ref.substring(2), 16) : Integer.parseInt(ref.substring(1));
                    yield Character.isISOControl(cp) && cp != '\n' ? " " : new String(Character.toChars(cp));
                }
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(rep));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
