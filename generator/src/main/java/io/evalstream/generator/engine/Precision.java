package io.evalstream.generator.engine;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * The dtype the engine computes in. Half precision is float16: DJL's PyTorch engine cannot hold
 * bfloat16 tensors, so bfloat16 checkpoints are converted at load. In float16, the RMS/layer norms
 * and the softmax accumulate in float32 inside their PyTorch kernels and round once; rotary tables
 * are computed in float32 and applied in the compute dtype (as transformers does); logits returned to
 * callers are float32.
 */
public enum Precision {
    FLOAT32(DataType.FLOAT32, 4),
    FLOAT16(DataType.FLOAT16, 2);

    private final DataType dataType;
    private final int bytes;

    Precision(DataType dataType, int bytes) {
        this.dataType = dataType;
        this.bytes = bytes;
    }

    public DataType dataType() {
        return dataType;
    }

    public int bytes() {
        return bytes;
    }

    /** The name a config uses: {@code float32} or {@code float16}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code auto} is float16 on a GPU and float32 on a CPU (float16 matrix products on a CPU are
     * hundreds of times slower); {@code float32}/{@code f32} and {@code float16}/{@code f16}/{@code half}
     * choose explicitly.
     */
    public static Precision parse(String spec, boolean gpu) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "auto" -> gpu ? FLOAT16 : FLOAT32;
            case "float32", "f32", "fp32" -> FLOAT32;
            case "float16", "f16", "fp16", "half" -> FLOAT16;
            case "bfloat16", "bf16" -> throw new IllegalArgumentException("dtype " + spec
                    + " is not available: DJL's PyTorch engine cannot hold bfloat16 tensors; use float16 (bfloat16 checkpoints are converted at load) or float32");
            default -> throw new IllegalArgumentException("dtype " + spec + " is not one of auto, float32, float16");
        };
    }
}
