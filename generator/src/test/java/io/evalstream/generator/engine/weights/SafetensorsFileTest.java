package io.evalstream.generator.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** float16 and bfloat16 tensors widen to float32 exactly; a truncated file is named. */
class SafetensorsFileTest {

    @TempDir
    Path tmp;

    static Path write(Path file, String dtype, short[] values, int declaredBytes) throws IOException {
        String header = "{\"w\":{\"dtype\":\"" + dtype + "\",\"shape\":[" + values.length + "],\"data_offsets\":[0," + declaredBytes + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        for (short v : values) {
            buf.putShort(v);
        }
        Files.write(file, buf.array());
        return file;
    }

    @Test
    void widensHalfPrecision() throws Exception {
        short[] f16 = {0x3C00, (short) 0xC000, 0x3800, 0x7BFF, 0x0001, (short) 0x8000};
        float[] want = {1f, -2f, 0.5f, 65504f, 5.9604645e-8f, -0f};
        try (NDManager m = NDManager.newBaseManager(); Checkpoint c = Checkpoint.openFile(write(tmp.resolve("h.safetensors"), "F16", f16, 12))) {
            assertArrayEquals(want, c.load(m, "w", 6).toFloatArray());
        }
    }

    @Test
    void widensAcrossChunks() throws Exception {
        short[] bf16 = new short[11];
        float[] want = new float[11];
        for (int i = 0; i < 11; i++) {
            want[i] = i - 5;
            bf16[i] = (short) (Float.floatToIntBits(want[i]) >>> 16);
        }
        int saved = Checkpoint.chunkElements;
        Checkpoint.chunkElements = 4;
        try (NDManager m = NDManager.newBaseManager(); Checkpoint c = Checkpoint.openFile(write(tmp.resolve("c.safetensors"), "BF16", bf16, 22))) {
            assertArrayEquals(want, c.load(m, "w", 11).toFloatArray());
        } finally {
            Checkpoint.chunkElements = saved;
        }
    }

    @Test
    void widensBfloat16() throws Exception {
        short[] bf16 = {0x3F80, (short) 0xC000, 0x3F00, 0x4049};
        float[] want = {1f, -2f, 0.5f, Float.intBitsToFloat(0x40490000)};
        try (NDManager m = NDManager.newBaseManager(); Checkpoint c = Checkpoint.openFile(write(tmp.resolve("b.safetensors"), "BF16", bf16, 8))) {
            assertArrayEquals(want, c.load(m, "w", 4).toFloatArray());
        }
    }

    @Test
    void aSizeMismatchNamesFileAndTensor() throws Exception {
        Path file = write(tmp.resolve("bad.safetensors"), "F16", new short[] {1, 2}, 6);
        IOException e = assertThrows(IOException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().contains("bad.safetensors") && e.getMessage().contains("tensor w"), e.getMessage());
    }
}
