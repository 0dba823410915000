package io.github.bertner.tokenization;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The ordered labels a token-classification head predicts, with {@value #OUTSIDE} at id 0 and,
 * for {@link LabelAlignment#X}, the continuation label {@value LabelAlignment#X_LABEL}.
 *
 * <p>The label list is the serialised form ({@link #labels()} and {@link #of(List)}, or a JSON
 * array through {@link #write(Path)} and {@link #read(Path)}); ids are list positions.
 */
public final class LabelSet {

    /** The outside tag, always id 0. */
    public static final String OUTSIDE = "O";

    private static final String PREFIX_ORDER = "BIESLU";

    private final List<String> labels;
    private final Map<String, Integer> ids;
    private final int xId;

    private LabelSet(List<String> labels) {
        if (labels.isEmpty() || !OUTSIDE.equals(labels.get(0))) {
            throw new IllegalArgumentException("expected \"" + OUTSIDE + "\" as the first label, found " + labels);
        }
        this.labels = List.copyOf(labels);
        this.ids = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = Objects.requireNonNull(labels.get(i), "label " + i);
            if (label.isEmpty()) {
                throw new IllegalArgumentException("expected a non-empty label at position " + i + ", found \"\"");
            }
            if (ids.putIfAbsent(label, i) != null) {
                throw new IllegalArgumentException("expected distinct labels, found \"" + label + "\" twice in "
                        + labels);
            }
        }
        this.xId = ids.getOrDefault(LabelAlignment.X_LABEL, -1);
    }

    /**
     * A label set with exactly this order.
     *
     * @param labels the labels; "O" first, no duplicates
     * @return the label set
     */
    public static LabelSet of(List<String> labels) {
        return new LabelSet(labels);
    }

    /**
     * The label set needed to train word tags under an alignment: "O", every tag seen, every
     * piece tag the alignment derives from them (e.g. {@code B-T} and {@code E-T} for an
     * {@code S-T} word under {@link LabelAlignment#ALL}), and "X" for {@link LabelAlignment#X}.
     * Order: "O", then by entity type, then by prefix (B, I, E, S, L, U), then "X" last.
     *
     * @param wordTags  the training tags (any number of repetitions)
     * @param alignment the alignment policy
     * @return the label set
     */
    public static LabelSet fromTags(Iterable<String> wordTags, LabelAlignment alignment) {
        TreeSet<String> tags = new TreeSet<>(Comparator.comparing(LabelSet::type)
                .thenComparingInt(t -> PREFIX_ORDER.indexOf(LabelAlignment.prefix(t)))
                .thenComparing(Comparator.naturalOrder()));
        for (String tag : wordTags) {
            if (tag == null || tag.isEmpty()) {
                throw new IllegalArgumentException("expected a tag, found " + (tag == null ? "null" : "\"\""));
            }
            if (LabelAlignment.X_LABEL.equals(tag)) {
                throw new IllegalArgumentException("expected word tags, found the reserved continuation label \""
                        + LabelAlignment.X_LABEL + "\"");
            }
            tags.add(tag);
            if (alignment == LabelAlignment.ALL) {
                for (String piece : alignment.pieceTags(tag, 3)) {
                    tags.add(piece);
                }
            }
        }
        tags.remove(OUTSIDE);
        List<String> labels = new ArrayList<>();
        labels.add(OUTSIDE);
        labels.addAll(tags);
        if (alignment == LabelAlignment.X) {
            labels.add(LabelAlignment.X_LABEL);
        }
        return new LabelSet(labels);
    }

    private static String type(String tag) {
        return LabelAlignment.prefix(tag) == 0 ? tag : tag.substring(2);
    }

    /**
     * Number of labels.
     *
     * @return the size
     */
    public int size() {
        return labels.size();
    }

    /**
     * The id of a label.
     *
     * @param label the label
     * @return its id
     * @throws IllegalArgumentException if the label is unknown
     */
    public int id(String label) {
        Integer id = ids.get(label);
        if (id == null) {
            throw new IllegalArgumentException("expected one of " + labels + ", found \"" + label + "\"");
        }
        return id;
    }

    /**
     * The id of a label, or -1.
     *
     * @param label the label
     * @return its id, or -1 when unknown
     */
    public int indexOf(String label) {
        return ids.getOrDefault(label, -1);
    }

    /**
     * The label of an id.
     *
     * @param id the id
     * @return the label
     */
    public String label(int id) {
        return labels.get(id);
    }

    /**
     * The labels in id order (the serialised form).
     *
     * @return an unmodifiable list
     */
    public List<String> labels() {
        return labels;
    }

    /**
     * Whether the set has the continuation label "X".
     *
     * @return true when present
     */
    public boolean hasX() {
        return xId >= 0;
    }

    /**
     * Id of "X".
     *
     * @return the id, or -1 when absent
     */
    public int xId() {
        return xId;
    }

    /**
     * Writes the labels as a JSON array.
     *
     * @param file the target file; parent directories are created
     * @throws IOException if writing fails
     */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JsonArray array = new JsonArray();
        labels.forEach(array::add);
        Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            gson.toJson(array, writer);
            writer.write('\n');
        }
    }

    /**
     * Reads labels written by {@link #write(Path)}.
     *
     * @param file the JSON file
     * @return the label set
     * @throws IOException if reading fails
     * @throws IllegalArgumentException naming the file when it is not a JSON array of strings
     */
    public static LabelSet read(Path file) throws IOException {
        List<String> labels = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonElement root = JsonParser.parseReader(reader);
            if (!root.isJsonArray()) {
                throw new IllegalArgumentException(file + ": expected a JSON array of labels, found " + root);
            }
            for (JsonElement e : root.getAsJsonArray()) {
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                    throw new IllegalArgumentException(file + ": expected label strings, found " + e);
                }
                labels.add(e.getAsString());
            }
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + ": expected JSON, found a syntax error: " + e.getMessage(), e);
        }
        try {
            return new LabelSet(labels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSet && ((LabelSet) o).labels.equals(labels);
    }

    @Override
    public int hashCode() {
        return labels.hashCode();
    }

    @Override
    public String toString() {
        return "LabelSet" + labels;
    }
}
