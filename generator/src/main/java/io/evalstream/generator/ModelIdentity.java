package io.evalstream.generator;

/**
 * What identifies a model id's weights, for reproducibility records.
 *
 * @param kind          oracle, replay, llm
 * @param source        where it came from: a folder, a predictions file; null for oracle
 * @param sha256        hash of the base weights or of the replayed file; null when none
 * @param adapterSha256 hash of the LoRA adapter's weights; null for a base model
 * @param runtime       where and how it computes, e.g. "gpu(0) float16 on libtorch 2.7.1 (cu128)"; null when it computes nothing
 */
public record ModelIdentity(String kind, String source, String sha256, String adapterSha256, String runtime) {

    public ModelIdentity(String kind, String source, String sha256, String adapterSha256) {
        this(kind, source, sha256, adapterSha256, null);
    }
}
