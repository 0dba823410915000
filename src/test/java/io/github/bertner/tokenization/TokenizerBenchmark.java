package io.github.bertner.tokenization;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Benchmark of the tokenization package: vocabulary learning on Reuters-21578 plus CoNLL-2003
 * train, then WordPiece tokenization speed (words/s, pieces/s) on CoNLL-2003 train, and
 * sequence encoding into 128-piece windows. Results are logged at INFO.
 *
 * <p>Usage: {@code TokenizerBenchmark <dataDir> [vocabSize] [rounds] [vocabOutFile]} where
 * {@code dataDir} holds {@code conll2003-en/eng.train} and {@code unlabeled/reuters21578/*.sgm}.
 */
public final class TokenizerBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(TokenizerBenchmark.class);
    private static final Pattern TEXT = Pattern.compile("<(TITLE|BODY)>(.*?)</\\1>", Pattern.DOTALL);
    private static final Pattern ENTITY = Pattern.compile("&(#\\d+|lt|gt|amp|quot);");

    private TokenizerBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args data folder, optional vocabulary size (default 30000), optional timed rounds
     *             (default 5), optional file to write the learned vocab.txt to
     * @throws IOException if the data cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("expected arguments <dataDir> [vocabSize] [rounds] [vocabOut], found none");
        }
        Path data = Paths.get(args[0]);
        int vocabSize = args.length > 1 ? Integer.parseInt(args[1]) : 30000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;

        List<List<String>> conll = readConll(data.resolve("conll2003-en/eng.train"));
        List<String> reuters = readReuters(data.resolve("unlabeled/reuters21578"));
        List<String> lines = new ArrayList<>(reuters);
        for (List<String> sentence : conll) {
            lines.add(String.join(" ", sentence));
        }
        long words = lines.stream().mapToLong(l -> l.split("\\s+").length).sum();
        LOG.info("training text: {} lines, {} whitespace words ({} Reuters lines, {} CoNLL sentences)",
                lines.size(), words, reuters.size(), conll.size());

        long t0 = System.nanoTime();
        WordPieceVocab vocab = VocabBuilder.builder().setVocabSize(vocabSize).build().train(lines);
        double buildS = (System.nanoTime() - t0) / 1e9;
        LOG.info(String.format(Locale.ROOT, "vocab build: %d tokens in %.2f s (%.0f whitespace words/s)",
                vocab.size(), buildS, words / buildS));
        if (args.length > 3) {
            vocab.write(Paths.get(args[3]));
        }

        BertWordPieceTokenizer tokenizer = new BertWordPieceTokenizer(vocab, TokenizerSettings.cased());
        List<int[]> begins = new ArrayList<>();
        long conllWords = 0;
        for (List<String> sentence : conll) {
            int[] b = new int[sentence.size()];
            int pos = 0;
            for (int i = 0; i < b.length; i++) {
                b[i] = pos;
                pos += sentence.get(i).length() + 1;
            }
            begins.add(b);
            conllWords += b.length;
        }
        long pieces = 0;
        for (int i = 0; i < conll.size(); i++) {
            pieces += tokenizer.tokenizeWords(conll.get(i), begins.get(i)).size();
        }
        double best = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            long s = System.nanoTime();
            long n = 0;
            for (int i = 0; i < conll.size(); i++) {
                n += tokenizer.tokenizeWords(conll.get(i), begins.get(i)).size();
            }
            if (n != pieces) {
                throw new IllegalStateException("expected " + pieces + " pieces per round, found " + n);
            }
            best = Math.min(best, (System.nanoTime() - s) / 1e9);
        }
        LOG.info(String.format(Locale.ROOT,
                "tokenize CoNLL-2003 train: %d words -> %d pieces (%.3f pieces/word) in %.3f s (best of %d): "
                        + "%.0f words/s, %.0f pieces/s",
                conllWords, pieces, pieces / (double) conllWords, best, rounds, conllWords / best, pieces / best));

        LabelSet labels = LabelSet.fromTags(List.of("O"), LabelAlignment.FIRST);
        SequenceEncoder encoder = SequenceEncoder.builder().setTokenizer(tokenizer).setLabelSet(labels)
                .setAlignment(LabelAlignment.FIRST).setMaxLength(128).setStride(32).build();
        double bestEncode = Double.MAX_VALUE;
        long windows = 0;
        for (int r = 0; r < rounds; r++) {
            long s = System.nanoTime();
            windows = 0;
            for (int i = 0; i < conll.size(); i++) {
                windows += encoder.encode(conll.get(i), begins.get(i), null).size();
            }
            bestEncode = Math.min(bestEncode, (System.nanoTime() - s) / 1e9);
        }
        LOG.info(String.format(Locale.ROOT,
                "encode CoNLL-2003 train sentences (max length 128, stride 32): %d windows in %.3f s: %.0f words/s",
                windows, bestEncode, conllWords / bestEncode));
    }

    private static List<List<String>> readConll(Path file) throws IOException {
        List<List<String>> sentences = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("-DOCSTART-")) {
                if (!current.isEmpty()) {
                    sentences.add(current);
                    current = new ArrayList<>();
                }
                continue;
            }
            current.add(line.substring(0, line.indexOf(' ') < 0 ? line.length() : line.indexOf(' ')));
        }
        if (!current.isEmpty()) {
            sentences.add(current);
        }
        return sentences;
    }

    /** Title and body texts of every Reuters-21578 article, split into lines, entities decoded. */
    private static List<String> readReuters(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".sgm")).sorted().collect(Collectors.toList());
        }
        List<String> lines = new ArrayList<>();
        for (Path file : files) {
            // the collection is ASCII except for a few stray Latin-1 bytes
            String sgm = Files.readString(file, StandardCharsets.ISO_8859_1);
            Matcher m = TEXT.matcher(sgm);
            while (m.find()) {
                for (String line : decode(m.group(2)).split("\n")) {
                    if (!line.isBlank()) {
                        lines.add(line);
                    }
                }
            }
        }
        return lines;
    }

    private static String decode(String s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder sb = new StringBuilder(s.length());
        while (m.find()) {
            String e = m.group(1);
            String r;
            switch (e) {
                case "lt": r = "<"; break;
                case "gt": r = ">"; break;
                case "amp": r = "&"; break;
                case "quot": r = "\""; break;
                default: r = new String(Character.toChars(Integer.parseInt(e.substring(1))));
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(r));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
