package io.github.bertner.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Documents for the job tests: CoNLL-2003 documents as running text, or generated ones. */
final class TestDocuments {

    /** One document. */
    record Doc(String id, String text) {
    }

    private TestDocuments() {
    }

    /** @return the CoNLL-2003 English test set B when shared/data is there */
    static Path conllTestb() {
        return Path.of(System.getProperty("bertner.data.dir", "../../shared/data"), "conll2003-en", "eng.testb");
    }

    /**
     * The first documents of a CoNLL-2003 file, their tokens joined by spaces and sentences by line breaks.
     *
     * @param file  the CoNLL file
     * @param count how many documents
     * @return the documents, ids {@code testb-000}, {@code testb-001}, …
     */
    static List<Doc> conll(Path file, int count) throws IOException {
        List<Doc> docs = new ArrayList<>();
        StringBuilder text = null;
        boolean sentenceOpen = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("-DOCSTART-")) {
                if (text != null) {
                    docs.add(new Doc(String.format(Locale.ROOT, "testb-%03d", docs.size()), text.toString()));
                    if (docs.size() == count) {
                        return docs;
                    }
                }
                text = new StringBuilder();
                sentenceOpen = false;
            } else if (line.isBlank()) {
                sentenceOpen = false;
            } else if (text != null) {
                if (text.length() > 0) {
                    text.append(sentenceOpen ? ' ' : '\n');
                }
                text.append(line, 0, line.indexOf(' '));
                sentenceOpen = true;
            }
        }
        if (text != null && docs.size() < count) {
            docs.add(new Doc(String.format(Locale.ROOT, "testb-%03d", docs.size()), text.toString()));
        }
        if (docs.size() != count) {
            throw new IllegalStateException(file + ": expected " + count + " documents, found " + docs.size());
        }
        return docs;
    }

    /**
     * Generated documents of capitalised and lower-case words, punctuation and digits.
     *
     * @param count how many documents
     * @param seed  randomness
     * @return the documents, ids {@code gen-000}, …
     */
    static List<Doc> generated(int count, long seed) {
        Random random = new Random(seed);
        String[] punctuation = {".", ",", "-", "!", "?", "(", ")", "1996", "3.5"};
        List<Doc> docs = new ArrayList<>();
        for (int d = 0; d < count; d++) {
            StringBuilder text = new StringBuilder();
            int sentences = 1 + random.nextInt(6);
            for (int s = 0; s < sentences; s++) {
                int words = 3 + random.nextInt(40);
                for (int w = 0; w < words; w++) {
                    if (w > 0) {
                        text.append(' ');
                    }
                    if (random.nextInt(8) == 0) {
                        text.append(punctuation[random.nextInt(punctuation.length)]);
                        continue;
                    }
                    int len = 1 + random.nextInt(8);
                    for (int c = 0; c < len; c++) {
                        char ch = (char) ('a' + random.nextInt(26));
                        text.append(c == 0 && random.nextInt(3) == 0 ? Character.toUpperCase(ch) : ch);
                    }
                }
                text.append(". ");
            }
            docs.add(new Doc(String.format(Locale.ROOT, "gen-%03d", d), text.toString().trim()));
        }
        return docs;
    }
}
