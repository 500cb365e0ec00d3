package io.evalstream.generator.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bfloat16 (and float32) checkpoints become float16 exactly as PyTorch converts them, and what
 * float16 cannot hold is counted: values beyond ±65504 are refused (they would be infinite), tiny
 * values that flush to zero or become subnormal are reported.
 */
class HalfPrecisionTest {

    @TempDir
    Path tmp;

    @Test
    void roundsToNearestEvenAsPyTorchDoes() {
        try (NDManager m = NDManager.newBaseManager()) {
            Random random = new Random(7);
            float[] values = new float[4096];
            for (int i = 0; i < values.length; i++) {
                // every binade float16 has, its subnormals and beyond its range, plus exact ties
                values[i] = (float) (random.nextGaussian() * Math.pow(2, random.nextInt(40) - 26));
            }
            values[0] = 1f + 1f / 2048;             // a tie between 1 and 1 + 2^-10: rounds to even (1)
            values[1] = 1f + 3f / 2048;             // a tie that rounds up to even
            values[2] = 65520f;                     // rounds to infinity
            values[3] = 65519f;                     // rounds to 65504
            values[4] = 2.9802322e-8f;              // half the smallest subnormal: a tie to even (0)
            float[] torch = m.create(values).toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false).toFloatArray();
            for (int i = 0; i < values.length; i++) {
                assertEquals(torch[i], HalfPrecision.toFloat(HalfPrecision.fromFloat(values[i])), 0f, "value " + values[i]);
            }
        }
    }

    @Test
    void bfloat16CheckpointLoadsAsFloat16() throws Exception {
        float[] want = {1f, -2f, 0.5f, 3.140625f, 1024f};
        short[] bf16 = new short[want.length];
        for (int i = 0; i < want.length; i++) {
            bf16[i] = (short) (Float.floatToIntBits(want[i]) >>> 16);
        }
        try (NDManager m = NDManager.newBaseManager();
             Checkpoint c = Checkpoint.openFile(SafetensorsFileTest.write(tmp.resolve("b.safetensors"), "BF16", bf16, bf16.length * 2))) {
            NDArray half = c.load(m, "w", DataType.FLOAT16, want.length);
            assertEquals(DataType.FLOAT16, half.getDataType());
            assertArrayEquals(want, half.toType(DataType.FLOAT32, false).toFloatArray());
            assertEquals(want.length, c.conversion().values());
            assertEquals(0, c.conversion().overflowed());
        }
    }

    @Test
    void valuesFloat16CannotHoldAreCountedAndOverflowIsRefused() throws Exception {
        float[] values = {1e-9f, 3e-6f, 70000f};
        short[] bf16 = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            bf16[i] = (short) (Float.floatToIntBits(values[i]) >>> 16);
        }
        try (NDManager m = NDManager.newBaseManager();
             Checkpoint c = Checkpoint.openFile(SafetensorsFileTest.write(tmp.resolve("o.safetensors"), "BF16", bf16, bf16.length * 2))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.load(m, "w", DataType.FLOAT16, values.length));
            assertTrue(e.getMessage().contains("o.safetensors") && e.getMessage().contains("tensor w"), e.getMessage());
            assertTrue(e.getMessage().contains("1 overflowed to infinity") && e.getMessage().contains("1 flushed to zero")
                    && e.getMessage().contains("1 became subnormal"), e.getMessage());
            assertTrue(e.getMessage().contains("float32"), "says what to do: " + e.getMessage());
        }
    }
}
