package io.evalstream.generator.engine.device;

import java.util.Locale;

/**
 * Where an engine runs, as a config or command line says it: {@code auto} (a GPU when one is
 * usable, else the CPU), {@code cpu}, {@code gpu} (the first GPU) or {@code gpu:N}.
 */
public record DeviceChoice(Kind kind, int gpuIndex) {

    public enum Kind { AUTO, CPU, GPU }

    public static final DeviceChoice AUTO = new DeviceChoice(Kind.AUTO, 0);
    public static final DeviceChoice CPU = new DeviceChoice(Kind.CPU, 0);

    public static DeviceChoice parse(String spec) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("auto")) {
            return AUTO;
        }
        if (s.equals("cpu")) {
            return CPU;
        }
        if (s.equals("gpu") || s.equals("cuda")) {
            return new DeviceChoice(Kind.GPU, 0);
        }
        for (String prefix : new String[] {"gpu:", "cuda:"}) {
            if (s.startsWith(prefix)) {
                try {
                    int n = Integer.parseInt(s.substring(prefix.length()));
                    if (n >= 0) {
                        return new DeviceChoice(Kind.GPU, n);
                    }
                } catch (NumberFormatException ignored) {
                    // falls through to the error below
                }
            }
        }
        throw new IllegalArgumentException("device " + spec + " is not one of auto, cpu, gpu, gpu:N");
    }

    public boolean wantsGpu() {
        return kind != Kind.CPU;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case GPU -> "gpu:" + gpuIndex;
        };
    }
}
