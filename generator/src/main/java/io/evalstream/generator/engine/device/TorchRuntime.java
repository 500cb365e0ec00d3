package io.evalstream.generator.engine.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.cuda.CudaUtils;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libtorch this JVM runs on, chosen once, before DJL's PyTorch engine starts, from a
 * {@link DeviceChoice}. The CPU build bundled with the project (pytorch-native-cpu) needs nothing
 * installed and stays the default; a GPU needs a CUDA build of libtorch found by {@link LibtorchLocator}
 * (DJL's {@code PYTORCH_LIBRARY_PATH}, its download cache, or an installed torch), which is selected by
 * setting DJL's {@code PYTORCH_LIBRARY_PATH}, {@code PYTORCH_VERSION} and {@code PYTORCH_FLAVOR}.
 *
 * @param device         the DJL device computations run on
 * @param libtorch       libtorch version as DJL reports it
 * @param flavor         cpu, cu128, ...
 * @param libtorchPath   folder of the loaded libtorch
 * @param cuda           CUDA runtime version DJL sees ("none" without a GPU)
 * @param gpuCount       GPUs visible to libtorch
 */
public record TorchRuntime(Device device, String libtorch, String flavor, String libtorchPath, String cuda, int gpuCount) {

    private static final Logger LOG = LoggerFactory.getLogger(TorchRuntime.class);
    private static LibtorchLocator.Candidate chosen;
    private static boolean started;

    /** True when this runtime computes on a GPU. */
    public boolean gpu() {
        return device.isGpu();
    }

    /** One line for logs, run manifests and predictions: device, libtorch version and flavor, CUDA. */
    public String describe() {
        return device + " on libtorch " + libtorch + " (" + flavor + ", " + libtorchPath + "), CUDA " + cuda;
    }

    /**
     * Starts DJL's PyTorch engine on a libtorch suited to {@code choice} (only the first call of a
     * JVM chooses; later calls must agree with it) and returns the device to compute on.
     *
     * @throws IllegalStateException when a GPU is asked for and none is usable, naming what was found
     */
    public static synchronized TorchRuntime start(DeviceChoice choice) {
        if (!started && choice.wantsGpu()) {
            List<LibtorchLocator.Candidate> found = LibtorchLocator.cudaCandidates();
            LibtorchLocator.Candidate use = found.stream().filter(LibtorchLocator.Candidate::usable).findFirst().orElse(null);
            if (use == null && choice.kind() == DeviceChoice.Kind.GPU) {
                throw new IllegalStateException(noUsableGpu(choice, found));
            }
            if (use == null) {
                LOG.info("device auto: no usable CUDA libtorch ({}); computing on the CPU", describeAll(found));
            } else {
                System.setProperty("PYTORCH_LIBRARY_PATH", use.dir().toString());
                if (use.version() != null) {
                    System.setProperty("PYTORCH_VERSION", use.version());
                }
                System.setProperty("PYTORCH_FLAVOR", use.flavor());
                chosen = use;
                LOG.info("device {}: using {}", choice, use.describe());
            }
        }
        started = true;
        Engine engine = Engine.getEngine("PyTorch");
        int gpus = engine.getGpuCount();
        String cuda = CudaUtils.hasCuda() ? CudaUtils.getCudaVersionString() : "none";
        String flavor = chosen != null ? chosen.flavor() : (gpus > 0 ? "cuda" : "cpu");
        String version = LibUtils.getVersion();
        String path = LibUtils.getLibtorchPath();
        if (choice.wantsGpu() && gpus > choice.gpuIndex()) {
            return new TorchRuntime(Device.gpu(choice.gpuIndex()), version, flavor, path, cuda, gpus);
        }
        if (choice.kind() == DeviceChoice.Kind.GPU) {
            throw new IllegalStateException("device " + choice + " asked for, but DJL's PyTorch engine runs on libtorch " + version
                    + " (" + flavor + ") from " + path + " and sees " + gpus + " GPU(s); CUDA runtime: " + cuda
                    + (chosen == null ? " (this JVM started its engine before a GPU was asked for: run the GPU work in a fresh process)" : ""));
        }
        return new TorchRuntime(Device.cpu(), version, flavor, path, cuda, gpus);
    }

    /** Why a GPU asked for cannot be used, naming every libtorch found and what would make one usable. */
    static String noUsableGpu(DeviceChoice choice, List<LibtorchLocator.Candidate> found) {
        return "device " + choice + " asked for, but no usable CUDA libtorch was found: " + describeAll(found) + ". DJL "
                + LibtorchLocator.DJL_VERSION + "'s JNI exists for libtorch " + LibtorchLocator.JNI_LIBTORCH + " (cpu, cu128): install torch=="
                + LibtorchLocator.JNI_LIBTORCH + "+cu128 (pip install torch==" + LibtorchLocator.JNI_LIBTORCH
                + " --index-url https://download.pytorch.org/whl/cu128) and set PYTORCH_LIBRARY_PATH to its torch/lib, "
                + "or put a JNI built for your libtorch at <lib>/libdjl_torch.so; see the README's GPU section";
    }

    private static String describeAll(List<LibtorchLocator.Candidate> found) {
        if (found.isEmpty()) {
            return "none found (PYTORCH_LIBRARY_PATH unset, no CUDA build in DJL's cache " + LibtorchLocator.djlCache()
                    + ", no torch importable by python3)";
        }
        StringBuilder sb = new StringBuilder();
        for (LibtorchLocator.Candidate c : found) {
            sb.append(sb.length() == 0 ? "" : "; ").append(c.describe());
            if (!c.cuda()) {
                sb.append(": not a CUDA build");
            } else if (!c.usable()) {
                sb.append(": no DJL JNI for this version");
            }
        }
        return sb.toString();
    }
}
