package io.evalstream.generator;

/**
 * What identifies a model id's weights, for reproducibility records.
 *
 * @param kind          oracle, replay, llm
 * @param source        where it came from: a folder, a predictions file; null for oracle
 * @param sha256        hash of the base weights or of the replayed file; null when none
 * @param adapterSha256 hash of the LoRA adapter's weights; null for a base model
 */
public record ModelIdentity(String kind, String source, String sha256, String adapterSha256) {
}
