package io.evalstream.generator.engine.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.generator.engine.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device and dtype choice, and how a libtorch folder is read: its version and CUDA flavor, and
 * whether a DJL JNI exists for it. On machines without a GPU (CI) the real engine is CPU-only, so
 * GPU folders are made up of files named like libtorch's; nothing here loads them.
 */
class DeviceChoiceTest {

    @TempDir
    Path dir;

    @Test
    void parsesDevices() {
        assertEquals(DeviceChoice.AUTO, DeviceChoice.parse("auto"));
        assertEquals(DeviceChoice.CPU, DeviceChoice.parse("CPU"));
        assertEquals(new DeviceChoice(DeviceChoice.Kind.GPU, 0), DeviceChoice.parse("gpu"));
        assertEquals(new DeviceChoice(DeviceChoice.Kind.GPU, 3), DeviceChoice.parse("gpu:3"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("tpu"));
        assertTrue(e.getMessage().contains("auto, cpu, gpu, gpu:N"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("gpu:-1"));
    }

    @Test
    void dtypeAutoIsHalfOnAGpuAndSingleOnACpu() {
        assertEquals(Precision.FLOAT16, Precision.parse("auto", true));
        assertEquals(Precision.FLOAT32, Precision.parse("auto", false));
        assertEquals(Precision.FLOAT16, Precision.parse("float16", false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("bfloat16", true));
        assertTrue(e.getMessage().contains("cannot hold bfloat16"), e.getMessage());
    }

    @Test
    void readsAPipTorchFolderAndWantsAJniForItsVersion() throws IOException {
        Path lib = pipTorch("2.11.0+cu130");
        LibtorchLocator.Candidate c = LibtorchLocator.inspect(lib, "test").orElseThrow();
        assertEquals("2.11.0", c.version());
        assertEquals("cu130", c.flavor());
        assertTrue(c.cuda());
        assertFalse(c.usable(), "DJL 0.35.1 has no JNI for libtorch 2.11");
        Files.createFile(lib.resolve("libdjl_torch.so"));
        assertTrue(LibtorchLocator.inspect(lib, "test").orElseThrow().usable(), "a JNI built for it beside it makes it usable");
    }

    @Test
    void theBundledJniServesLibtorch271Cu128() throws IOException {
        Path lib = dir.resolve("libtorch/lib");
        Files.createDirectories(lib);
        Files.createFile(lib.resolve("libtorch.so"));
        Files.createFile(lib.resolve("libtorch_cuda.so"));
        Files.writeString(dir.resolve("libtorch/build-version"), "2.7.1+cu128\n");
        LibtorchLocator.Candidate c = LibtorchLocator.inspect(lib, "test").orElseThrow();
        assertTrue(c.bundledJni() && c.usable(), c.describe());
    }

    @Test
    void aCpuBuildOrAFolderWithoutLibtorchIsNoGpu() throws IOException {
        assertTrue(LibtorchLocator.inspect(dir, "test").isEmpty());
        Path lib = pipTorch("2.7.1+cpu");
        assertFalse(LibtorchLocator.inspect(lib, "test").orElseThrow().usable());
    }

    @Test
    void theErrorNamesWhatWasFoundAndWhatToInstall() throws IOException {
        LibtorchLocator.Candidate c = LibtorchLocator.inspect(pipTorch("2.11.0+cu130"), "python3's torch").orElseThrow();
        String message = TorchRuntime.noUsableGpu(DeviceChoice.parse("gpu"), List.of(c));
        assertTrue(message.contains("libtorch 2.11.0 cu130"), message);
        assertTrue(message.contains("no DJL JNI for this version"), message);
        assertTrue(message.contains("torch==2.7.1+cu128"), message);
        assertTrue(TorchRuntime.noUsableGpu(DeviceChoice.parse("gpu"), List.of()).contains("none found"));
    }

    private Path pipTorch(String version) throws IOException {
        Path torch = dir.resolve("site-packages/torch");
        Path lib = torch.resolve("lib");
        Files.createDirectories(lib);
        Files.createFile(lib.resolve("libtorch.so"));
        if (version.contains("cu")) {
            Files.createFile(lib.resolve("libtorch_cuda.so"));
        }
        Files.writeString(torch.resolve("version.py"), "__version__ = '" + version + "'\ngit_version = 'abc'\n");
        return lib;
    }
}
