package io.github.bertner.training;

import io.github.bertner.model.FloatTensor;
import io.github.bertner.model.SafetensorsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Compares two safetensors files tensor by tensor, for failure messages that say how far apart they are. */
public final class WeightFiles {

    private WeightFiles() {
    }

    /**
     * @param a one safetensors file
     * @param b another
     * @return "identical", or for each tensor that differs its name, the number of differing elements and the
     *     largest absolute difference (so a rounding-level drift reads differently from a lost update)
     * @throws IOException when a file cannot be read
     */
    public static String describeDifference(Path a, Path b) throws IOException {
        if (java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b))) {
            return "identical";
        }
        List<String> out = new ArrayList<>();
        try (SafetensorsReader ra = SafetensorsReader.open(a); SafetensorsReader rb = SafetensorsReader.open(b)) {
            TreeSet<String> names = new TreeSet<>(ra.tensors().keySet());
            names.addAll(rb.tensors().keySet());
            for (String name : names) {
                if (!ra.tensors().containsKey(name) || !rb.tensors().containsKey(name)) {
                    out.add(name + " only in one file");
                    continue;
                }
                float[] x = ra.readFloat(name).data();
                float[] y = rb.readFloat(name).data();
                if (x.length != y.length) {
                    out.add(name + " sizes " + x.length + " vs " + y.length);
                    continue;
                }
                int differing = 0;
                double max = 0;
                for (int i = 0; i < x.length; i++) {
                    if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                        differing++;
                        max = Math.max(max, Math.abs((double) x[i] - y[i]));
                    }
                }
                if (differing > 0) {
                    out.add(String.format(Locale.ROOT, "%s: %d of %d differ, max |d| %.3g", name, differing,
                            x.length, max));
                }
            }
        }
        return out.isEmpty() ? "same tensors, different bytes (header or metadata)" : String.join("; ", out);
    }
}
