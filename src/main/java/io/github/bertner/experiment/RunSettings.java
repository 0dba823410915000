package io.github.bertner.experiment;

import io.github.bertner.tagging.TagScheme;
import io.github.bertner.tokenization.LabelAlignment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The typed training parameters of one run, read from the text values of a spec (fixed parameters
 * overlaid by one grid setting); every parameter the spec leaves out takes the train option's default.
 *
 * @param values    the text value of every {@link Parameter}, defaults included
 * @param base      pretrained model folder, null for training from scratch
 * @param preset    size preset when training from scratch
 * @param vocabSize vocabulary size when training from scratch
 * @param vocabText extra text for the vocabulary when training from scratch
 * @param uncased   lower-case tokenizer when training from scratch
 * @param epochs    maximum epochs
 * @param maxSteps  cap on updates, 0 for none
 * @param batchSize windows per batch
 * @param maxLength window length in pieces
 * @param stride    pieces shared by consecutive windows, -1 for the trainer's default of the window length
 * @param lr        peak learning rate
 * @param warmup    warm-up share
 * @param weightDecay decoupled weight decay
 * @param maxGradNorm clipping norm
 * @param patience  early-stopping patience
 * @param scheme    tag scheme
 * @param alignment label alignment
 * @param checkpointEvery checkpoint interval in updates, 0 for epoch ends only
 */
public record RunSettings(Map<Parameter, String> values, Path base, String preset, int vocabSize, List<Path> vocabText,
                          boolean uncased, int epochs, long maxSteps, int batchSize, int maxLength, int stride,
                          double lr, double warmup, double weightDecay, double maxGradNorm, int patience,
                          TagScheme scheme, LabelAlignment alignment, long checkpointEvery) {

    /** Copies the collections. */
    public RunSettings {
        values = Collections.unmodifiableMap(new EnumMap<>(values));
        vocabText = List.copyOf(vocabText);
    }

    /**
     * Parses text values; parameters not in the map take their defaults.
     *
     * @param given text values by parameter
     * @return the typed settings
     * @throws IllegalArgumentException naming the parameter and the value that does not parse
     */
    public static RunSettings of(Map<Parameter, String> given) {
        Map<Parameter, String> v = new EnumMap<>(Parameter.class);
        for (Parameter p : Parameter.values()) {
            v.put(p, given.getOrDefault(p, p.defaultValue()).trim());
        }
        String base = v.get(Parameter.BASE);
        List<Path> vocabText = new ArrayList<>();
        for (String part : v.get(Parameter.VOCAB_TEXT).split(",")) {
            if (!part.isBlank()) {
                vocabText.add(Path.of(part.trim()));
            }
        }
        return new RunSettings(v, base.isEmpty() ? null : Path.of(base), v.get(Parameter.PRESET),
                positive(v, Parameter.VOCAB_SIZE), vocabText, bool(v, Parameter.UNCASED), positive(v, Parameter.EPOCHS),
                nonNegativeLong(v, Parameter.MAX_STEPS), positive(v, Parameter.BATCH_SIZE),
                positive(v, Parameter.MAX_LENGTH), stride(v),
                real(v, Parameter.LR), real(v, Parameter.WARMUP), real(v, Parameter.WEIGHT_DECAY),
                real(v, Parameter.MAX_GRAD_NORM), (int) nonNegativeLong(v, Parameter.PATIENCE),
                enumValue(v, Parameter.SCHEME, s -> TagScheme.parse(s)),
                enumValue(v, Parameter.ALIGNMENT, s -> LabelAlignment.valueOf(s.toUpperCase(Locale.ROOT))),
                nonNegativeLong(v, Parameter.CHECKPOINT_EVERY));
    }

    private static int stride(Map<Parameter, String> v) {
        if (v.get(Parameter.STRIDE).equalsIgnoreCase("auto")) {
            return -1;
        }
        long n = nonNegativeLong(v, Parameter.STRIDE);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(Parameter.STRIDE.key() + ": expected 'auto' or an integer >= 0, found '"
                    + v.get(Parameter.STRIDE) + "'");
        }
        return (int) n;
    }

    private static int positive(Map<Parameter, String> v, Parameter p) {
        long n = nonNegativeLong(v, p);
        if (n == 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(p.key() + ": expected a positive integer, found '" + v.get(p) + "'");
        }
        return (int) n;
    }

    private static long nonNegativeLong(Map<Parameter, String> v, Parameter p) {
        long n;
        try {
            n = Long.parseLong(v.get(p));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(p.key() + ": expected an integer, found '" + v.get(p) + "'", e);
        }
        if (n < 0) {
            throw new IllegalArgumentException(p.key() + ": expected an integer >= 0, found '" + v.get(p) + "'");
        }
        return n;
    }

    private static double real(Map<Parameter, String> v, Parameter p) {
        try {
            double d = Double.parseDouble(v.get(p));
            if (!Double.isFinite(d) || d < 0) {
                throw new NumberFormatException("not a finite number >= 0");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(p.key() + ": expected a number >= 0, found '" + v.get(p) + "'", e);
        }
    }

    private static boolean bool(Map<Parameter, String> v, Parameter p) {
        String s = v.get(p).toLowerCase(Locale.ROOT);
        if (!s.equals("true") && !s.equals("false")) {
            throw new IllegalArgumentException(p.key() + ": expected true or false, found '" + v.get(p) + "'");
        }
        return s.equals("true");
    }

    private static <E> E enumValue(Map<Parameter, String> v, Parameter p, java.util.function.Function<String, E> parse) {
        try {
            return parse.apply(v.get(p));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(p.key() + ": " + e.getMessage(), e);
        }
    }
}
