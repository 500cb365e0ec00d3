package io.evalstream.generator.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.PrintStream;
import java.util.Arrays;

/** What the device can do, measured in the same run: matrix products in the compute dtype and memory read bandwidth. */
public final class MachineLimits {

    private MachineLimits() {
    }

    public static void print(PrintStream out, NDManager manager, DataType dtype, boolean gpu) {
        int n = gpu ? 8192 : 1024;
        try (NDManager m = manager.newSubManager()) {
            NDArray a = m.randomUniform(-1f, 1f, new Shape(n, n), DataType.FLOAT32).toType(dtype, false);
            NDArray b = m.randomUniform(-1f, 1f, new Shape(n, n), DataType.FLOAT32).toType(dtype, false);
            sync(a.matMul(b));
            double[] flops = new double[5];
            for (int i = 0; i < flops.length; i++) {
                long t0 = System.nanoTime();
                sync(a.matMul(b));
                flops[i] = 2.0 * n * n * n / ((System.nanoTime() - t0) / 1e9);
            }
            long elems = gpu ? 1L << 30 : 1L << 26;
            NDArray big = m.ones(new Shape(elems), dtype);
            sync(big.sum());
            double[] bw = new double[5];
            for (int i = 0; i < bw.length; i++) {
                long t0 = System.nanoTime();
                sync(big.sum());
                bw[i] = elems * (double) dtype.getNumOfBytes() / ((System.nanoTime() - t0) / 1e9);
            }
            Arrays.sort(flops);
            Arrays.sort(bw);
            out.printf("limits: %s matrix product %d^3 %.1f TFLOP/s (best of 5); memory read %.0f GB/s (best of 5)%n", dtype, n,
                    flops[flops.length - 1] / 1e12, bw[bw.length - 1] / 1e9);
        }
    }

    private static void sync(NDArray a) {
        a.toType(DataType.FLOAT32, false).sum().getFloat();
    }
}
