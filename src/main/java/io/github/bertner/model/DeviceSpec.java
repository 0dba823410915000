package io.github.bertner.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/** Parses the device option of the command line and the UIMA engines into a DJL {@link Device}. */
public final class DeviceSpec {
    private DeviceSpec() {
    }

    /**
     * Parses a device specification.
     *
     * @param spec {@code auto} (a GPU when PyTorch sees one, else the CPU), {@code cpu},
     *     {@code gpu} (= {@code gpu:0}) or {@code gpu:N}; {@code cuda} is accepted for {@code gpu}
     * @return the device
     * @throws IllegalArgumentException when the text is not one of these forms or the GPU does not exist
     */
    public static Device parse(String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("auto")) {
            return gpuCount() > 0 ? Device.gpu() : Device.cpu();
        }
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        String rest = null;
        for (String p : new String[] {"gpu", "cuda"}) {
            if (s.equals(p)) {
                rest = "0";
            } else if (s.startsWith(p + ":")) {
                rest = s.substring(p.length() + 1);
            }
        }
        if (rest == null) {
            throw new IllegalArgumentException("invalid device \"" + spec + "\"; expected auto, cpu, gpu or gpu:N");
        }
        int id;
        try {
            id = Integer.parseInt(rest);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid GPU index in device \"" + spec + "\"; expected gpu:N with N >= 0", e);
        }
        int count = gpuCount();
        if (id < 0 || id >= count) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "device \"%s\" requested but the PyTorch engine sees %d GPU(s)", spec, count));
        }
        return Device.gpu(id);
    }

    private static int gpuCount() {
        return Engine.getEngine("PyTorch").getGpuCount();
    }
}
