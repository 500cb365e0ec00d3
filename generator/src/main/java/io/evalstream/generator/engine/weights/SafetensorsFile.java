package io.evalstream.generator.engine.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One {@code .safetensors} file: an 8-byte little-endian header length, a JSON header, then the raw
 * tensor bytes. Tensors are read by mapping their byte range, so a file of any size works as long
 * as each single tensor is under 2 GiB (the largest mapping Java 17 gives).
 */
public final class SafetensorsFile implements AutoCloseable {

    /** A tensor's place in the file. Offsets are relative to the start of the data section. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, Entry> entries) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
    }

    public static SafetensorsFile open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (size < 8) {
                throw new IOException(path + ": not a safetensors file (" + size + " bytes)");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, len, 0);
            long headerLen = len.getLong(0);
            if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
                throw new IOException(path + ": bad safetensors header length " + headerLen + " (file has " + size + " bytes)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(channel, header, 8);
            JsonNode root = JSON.readTree(header.array());
            long dataStart = 8 + headerLen;
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode t = f.getValue();
                String dtype = t.path("dtype").asText();
                JsonNode shapeNode = t.path("shape");
                long[] shape = new long[shapeNode.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shapeNode.get(i).asLong();
                }
                long begin = t.path("data_offsets").path(0).asLong();
                long end = t.path("data_offsets").path(1).asLong();
                Entry e = new Entry(f.getKey(), dtype, shape, begin, end);
                int width = bytesPerElement(dtype);
                if (width > 0 && end - begin != e.elements() * width) {
                    throw new IOException(path + ": tensor " + f.getKey() + " of dtype " + dtype + " and shape "
                            + Arrays.toString(shape) + " should have " + e.elements() * width + " bytes, header says " + (end - begin));
                }
                if (dataStart + end > size) {
                    throw new IOException(path + ": tensor " + f.getKey() + " ends past the end of the file (truncated download?)");
                }
                entries.put(f.getKey(), e);
            }
            return new SafetensorsFile(path, channel, dataStart, Collections.unmodifiableMap(entries));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            int n = channel.read(buf, position + buf.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    static int bytesPerElement(String dtype) {
        return switch (dtype) {
            case "F32", "I32" -> 4;
            case "BF16", "F16", "I16" -> 2;
            case "F64", "I64" -> 8;
            case "U8", "I8", "BOOL" -> 1;
            default -> -1;
        };
    }

    public Path path() {
        return path;
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    /** Maps {@code length} bytes of a tensor's data from {@code offset} (relative to the tensor), little-endian. */
    public ByteBuffer map(Entry e, long offset, long length) throws IOException {
        if (length > Integer.MAX_VALUE) {
            throw new IOException(path + ": a mapping of " + length + " bytes of " + e.name() + " is over 2 GiB");
        }
        return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin() + offset, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Fails, naming file and tensor, unless the tensor is F32, BF16 or F16. */
    public void checkFloat(Entry e) throws IOException {
        if (!e.dtype().equals("F32") && !e.dtype().equals("BF16") && !e.dtype().equals("F16")) {
            throw new IOException(path + ": tensor " + e.name() + " has dtype " + e.dtype() + "; expected F32, BF16 or F16");
        }
    }

    /**
     * Widens {@code count} elements of a BF16 or F16 tensor, from element {@code first}, into
     * {@code out} (native order) as float32. DJL's PyTorch engine aborts the JVM on bfloat16
     * tensors, and float16 matmul on a CPU is far slower than float32, so both widen on load.
     */
    public void widen(Entry e, long first, int count, ByteBuffer out) throws IOException {
        ByteBuffer in = map(e, first * 2, (long) count * 2);
        boolean bf16 = e.dtype().equals("BF16");
        for (int i = 0; i < count; i++) {
            short h = in.getShort(i * 2);
            if (bf16) {
                out.putInt(i * 4, (h & 0xffff) << 16); // a bfloat16 is the high half of a float32
            } else {
                out.putFloat(i * 4, halfToFloat(h));
            }
        }
    }

    /** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        return HalfPrecision.toFloat(h);
    }

    /**
     * Narrows {@code count} elements of an F32 or BF16 tensor, from element {@code first}, into
     * {@code out} (native order) as float16, in parallel slices; returns the tally of what the
     * conversion lost (see {@link HalfPrecision#tally}).
     */
    long[] narrowToHalf(Entry e, long first, int count, ByteBuffer out) throws IOException {
        boolean f32 = e.dtype().equals("F32");
        int inBytes = f32 ? 4 : 2;
        ByteBuffer in = map(e, first * inBytes, (long) count * inBytes);
        int slices = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), count / (1 << 16)));
        long[][] tallies = new long[slices][5];
        IntStream.range(0, slices).parallel().forEach(s -> {
            int from = (int) ((long) count * s / slices);
            int to = (int) ((long) count * (s + 1) / slices);
            long[] t = tallies[s];
            for (int i = from; i < to; i++) {
                float v = f32 ? in.getFloat(i * 4) : HalfPrecision.bfloat16ToFloat(in.getShort(i * 2));
                short h = HalfPrecision.fromFloat(v);
                out.putShort(i * 2, h);
                HalfPrecision.tally(v, h, t);
            }
        });
        long[] total = new long[5];
        for (long[] t : tallies) {
            for (int i = 0; i < 5; i++) {
                total[i] += t[i];
            }
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
