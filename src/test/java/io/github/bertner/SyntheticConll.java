package io.github.bertner;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A synthetic CoNLL-2003 corpus (IOB1, -DOCSTART-) of template sentences that a tiny model can learn fast. */
final class SyntheticConll {

    private SyntheticConll() {
    }

    private static final String[] FIRST = {"John", "Mary", "Peter", "Anna", "Olga", "Werner"};
    private static final String[] LAST = {"Smith", "Blackburn", "Ivanova", "Zwingmann", "Brown"};
    private static final String[] CITY = {"Paris", "London", "Bonn", "Moscow", "Berlin", "Brussels"};
    private static final String[] ORG = {"Reuters", "Microsoft", "Gazprom", "Siemens"};
    private static final String[] FILL = {"the", "man", "went", "to", "said", "that", "in", "on", "a", "city",
        "visited", "met", "with", "today", "spokesman", "for"};

    /** Writes an IOB1 CoNLL-2003 file of template sentences (adjacent same-type entities get B-). */
    static Path write(Path dir, int documents, long seed) throws Exception {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < documents; d++) {
            sb.append("-DOCSTART- -X- -X- O\n\n");
            for (int s = 0; s < 8; s++) {
                String prevType = "O";
                int len = 5 + r.nextInt(7);
                for (int w = 0; w < len; w++) {
                    int k = r.nextInt(6);
                    List<String> words = new ArrayList<>();
                    String type;
                    if (k == 0) {
                        words.add(FIRST[r.nextInt(FIRST.length)]);
                        if (r.nextBoolean()) {
                            words.add(LAST[r.nextInt(LAST.length)]);
                        }
                        type = "PER";
                    } else if (k == 1) {
                        words.add(CITY[r.nextInt(CITY.length)]);
                        type = "LOC";
                    } else if (k == 2) {
                        words.add(ORG[r.nextInt(ORG.length)]);
                        type = "ORG";
                    } else {
                        words.add(FILL[r.nextInt(FILL.length)]);
                        type = "O";
                    }
                    for (int i = 0; i < words.size(); i++) {
                        String tag = type.equals("O") ? "O"
                                : (i == 0 && prevType.equals(type) ? "B-" : "I-") + type;
                        sb.append(words.get(i)).append(" NN O ").append(tag).append('\n');
                    }
                    prevType = type;
                }
                sb.append(". . O O\n\n");
            }
        }
        Path file = dir.resolve("corpus-" + seed + ".conll");
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        return file;
    }

}
