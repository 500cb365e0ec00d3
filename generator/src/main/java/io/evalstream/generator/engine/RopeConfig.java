package io.evalstream.generator.engine;

/**
 * Rotary position embedding settings, from config.json's {@code rope_theta}/{@code rope_scaling}
 * (transformers 4) or {@code rope_parameters} (transformers 5).
 *
 * @param rotaryDim dimensions of each head that rotate (all of them except in Phi's partial rotary)
 */
public record RopeConfig(double theta, String type, double factor, double lowFreqFactor, double highFreqFactor,
                         int originalMaxPositions, int rotaryDim) {

    /**
     * Inverse frequencies as transformers computes them, in float32 arithmetic, including the
     * "linear" and "llama3" (Llama 3.1/3.2) scalings.
     */
    public float[] inverseFrequencies() {
        int half = rotaryDim / 2;
        float[] inv = new float[half];
        for (int i = 0; i < half; i++) {
            float exponent = (float) (2 * i) / rotaryDim;
            inv[i] = (float) (1.0 / (float) Math.pow(theta, exponent));
        }
        switch (type) {
            case "default":
                return inv;
            case "linear":
                for (int i = 0; i < half; i++) {
                    inv[i] = (float) (inv[i] / factor);
                }
                return inv;
            case "llama3": {
                float lowWavelen = (float) (originalMaxPositions / lowFreqFactor);
                float highWavelen = (float) (originalMaxPositions / highFreqFactor);
                for (int i = 0; i < half; i++) {
                    float wavelen = (float) (2 * Math.PI) / inv[i];
                    float scaled = wavelen > lowWavelen ? (float) (inv[i] / factor) : inv[i];
                    boolean medium = !(wavelen < highWavelen) && !(wavelen > lowWavelen);
                    if (medium) {
                        float smooth = (float) ((originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor));
                        scaled = (float) ((1 - smooth) * scaled / factor + smooth * scaled);
                    }
                    inv[i] = scaled;
                }
                return inv;
            }
            default:
                throw new IllegalArgumentException("rope type " + type + " is not supported (default, linear, llama3 are)");
        }
    }
}
