package io.evalstream.generator.engine.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The weights of a Hugging Face checkpoint folder (model.safetensors, or the shards that
 * model.safetensors.index.json names), or of a PEFT adapter file. Tensors are loaded on demand
 * as float32 NDArrays and checked against the shape the caller expects.
 */
public final class Checkpoint implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path origin;
    private final Map<String, SafetensorsFile> byTensor;
    private final List<SafetensorsFile> files;
    /** Buffers handed to native tensors; kept reachable so a mapping is never unmapped under a tensor. */
    private final List<ByteBuffer> pinned = new ArrayList<>();

    private Checkpoint(Path origin, Map<String, SafetensorsFile> byTensor, List<SafetensorsFile> files) {
        this.origin = origin;
        this.byTensor = byTensor;
        this.files = files;
    }

    /** A model folder: model.safetensors.index.json with its shards, or a single model.safetensors. */
    public static Checkpoint openModelDir(Path dir) throws IOException {
        Path index = dir.resolve("model.safetensors.index.json");
        Path single = dir.resolve("model.safetensors");
        if (Files.exists(index)) {
            JsonNode map = JSON.readTree(index.toFile()).path("weight_map");
            if (!map.isObject() || map.isEmpty()) {
                throw new IOException(index + ": no weight_map");
            }
            Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
            Map<String, SafetensorsFile> byTensor = new HashMap<>();
            List<SafetensorsFile> files = new ArrayList<>();
            try {
                for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String shardName = e.getValue().asText();
                    SafetensorsFile shard = shards.get(shardName);
                    if (shard == null) {
                        Path p = dir.resolve(shardName);
                        if (!Files.exists(p)) {
                            throw new IOException(index + " names shard " + shardName + " (for tensor " + e.getKey()
                                    + ") but " + p + " does not exist: the download is incomplete");
                        }
                        shard = SafetensorsFile.open(p);
                        shards.put(shardName, shard);
                        files.add(shard);
                    }
                    if (!shard.entries().containsKey(e.getKey())) {
                        throw new IOException(index + " places tensor " + e.getKey() + " in " + shardName + ", which does not hold it");
                    }
                    byTensor.put(e.getKey(), shard);
                }
            } catch (IOException | RuntimeException ex) {
                for (SafetensorsFile f : files) {
                    f.close();
                }
                throw ex;
            }
            return new Checkpoint(dir, byTensor, files);
        }
        if (Files.exists(single)) {
            return openFile(single);
        }
        throw new IOException(dir + ": no model.safetensors or model.safetensors.index.json"
                + (Files.exists(dir.resolve("pytorch_model.bin")) ? " (pytorch_model.bin is not supported: save the model with safe_serialization=True)" : ""));
    }

    public static Checkpoint openFile(Path file) throws IOException {
        SafetensorsFile f = SafetensorsFile.open(file);
        Map<String, SafetensorsFile> byTensor = new HashMap<>();
        for (String name : f.entries().keySet()) {
            byTensor.put(name, f);
        }
        return new Checkpoint(file, byTensor, List.of(f));
    }

    public Set<String> names() {
        return byTensor.keySet();
    }

    public boolean has(String name) {
        return byTensor.containsKey(name);
    }

    public long[] shape(String name) {
        SafetensorsFile f = byTensor.get(name);
        return f == null ? null : f.entries().get(name).shape();
    }

    /** Loads a tensor as float32, failing with the file, the tensor and the expected shape when it does not match. */
    public NDArray load(NDManager manager, String name, long... expectedShape) {
        return load(manager, name, DataType.FLOAT32, expectedShape);
    }

    /**
     * Loads a tensor in {@code target} precision (float32 or float16), failing with the file, the
     * tensor and the expected shape when it does not match. A tensor already in the target type is
     * handed to the engine straight from the mapped file; others are converted on the host in
     * bounded chunks (bfloat16 to float16 with {@link HalfPrecision}'s tally, see {@link #conversion()}).
     */
    public NDArray load(NDManager manager, String name, DataType target, long... expectedShape) {
        SafetensorsFile f = byTensor.get(name);
        if (f == null) {
            throw new IllegalArgumentException(origin + ": tensor " + name + " is missing (expected shape "
                    + Arrays.toString(expectedShape) + ")");
        }
        SafetensorsFile.Entry e = f.entries().get(name);
        if (expectedShape != null && expectedShape.length > 0 && !Arrays.equals(e.shape(), expectedShape)) {
            throw new IllegalArgumentException(f.path() + ": tensor " + name + " has shape " + Arrays.toString(e.shape())
                    + ", expected " + Arrays.toString(expectedShape) + " from config.json");
        }
        if (target != DataType.FLOAT32 && target != DataType.FLOAT16) {
            throw new IllegalArgumentException("weights load as float32 or float16, not " + target);
        }
        try {
            f.checkFloat(e);
            long n = e.elements();
            int outBytes = target == DataType.FLOAT16 ? 2 : 4;
            String stored = e.dtype();
            boolean same = (stored.equals("F32") && target == DataType.FLOAT32) || (stored.equals("F16") && target == DataType.FLOAT16);
            if (same && n * outBytes <= Integer.MAX_VALUE) {
                // zero copy: the tensor reads the mapped file (the mapping is kept reachable beside it)
                ByteBuffer data = f.map(e, 0, n * outBytes);
                synchronized (pinned) {
                    pinned.add(data);
                }
                return manager.create(data, new Shape(e.shape()), target);
            }
            // convert (or, for a tensor over 2 GiB, copy) in chunks through one bounded scratch buffer into a
            // tensor the engine owns: no direct-memory limit and no 2 GiB limit on a tensor
            NDArray out = manager.zeros(new Shape(n), target);
            int chunkSize = chunkElements;
            long[] tally = new long[5];
            for (long first = 0; first < n; first += chunkSize) {
                int count = (int) Math.min(chunkSize, n - first);
                ByteBuffer chunk;
                if (same) {
                    chunk = f.map(e, first * outBytes, (long) count * outBytes);
                } else {
                    chunk = scratch();
                    if (target == DataType.FLOAT32) {
                        f.widen(e, first, count, chunk);
                    } else {
                        long[] part = f.narrowToHalf(e, first, count, chunk);
                        for (int i = 0; i < tally.length; i++) {
                            tally[i] += part[i];
                        }
                    }
                    chunk = chunk.duplicate().order(ByteOrder.nativeOrder());
                    chunk.limit(count * outBytes);
                }
                try (NDArray piece = manager.create(chunk, new Shape(count), target)) {
                    out.set(new NDIndex("{}:{}", first, first + count), piece);
                }
            }
            if (target == DataType.FLOAT16 && !stored.equals("F16")) {
                HalfPrecision.Conversion c = HalfPrecision.conversion(tally);
                synchronized (this) {
                    conversion = conversion.plus(c);
                }
                if (c.lostFiniteness()) {
                    out.close();
                    throw new IllegalArgumentException(f.path() + ": tensor " + name + " (" + stored + ") does not fit float16: "
                            + c.describe() + ". Run this model in float32 (dtype: float32).");
                }
            }
            return out.reshape(new Shape(e.shape()));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private HalfPrecision.Conversion conversion = HalfPrecision.Conversion.NONE;

    /** What converting this checkpoint's tensors to float16 lost so far (values out of range, flushed, subnormal). */
    public synchronized HalfPrecision.Conversion conversion() {
        return conversion;
    }

    /** Elements converted per chunk (64 MiB of float32); tests lower it to cross chunk boundaries. */
    static int chunkElements = 1 << 24;
    private ByteBuffer scratch;

    private synchronized ByteBuffer scratch() {
        if (scratch == null || scratch.capacity() < chunkElements * 4) {
            scratch = ByteBuffer.allocateDirect(chunkElements * 4).order(ByteOrder.nativeOrder());
        }
        return scratch;
    }

    public List<Path> files() {
        return files.stream().map(SafetensorsFile::path).toList();
    }

    /** SHA-256 over the weight files in name order, streamed (never the whole file in memory). */
    public String sha256() {
        return sha256(files());
    }

    public static String sha256(List<Path> paths) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (Path p : paths.stream().sorted().toList()) {
                try (InputStream in = Files.newInputStream(p)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        md.update(buf, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (SafetensorsFile f : files) {
            try {
                f.close();
            } catch (IOException ignored) {
                // closing a read-only channel cannot lose data
            }
        }
    }
}
