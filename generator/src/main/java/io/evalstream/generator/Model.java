package io.evalstream.generator;

import io.evalstream.schemas.EvalItem;
import java.util.List;

/**
 * The seam between the generator stage and whatever produces answers. One instance may serve
 * several model ids (a base model and its LoRA adapters share one engine), so requests for
 * different model ids can be answered in one batch.
 *
 * <p>Implementations are deterministic for a given configuration: the same requests give the
 * same answers, which is what makes a crashed run resumable without changing its numbers.
 */
public interface Model extends AutoCloseable {

    /** One item to be answered by one of this instance's model ids. */
    record Request(String modelId, EvalItem item) {
    }

    /** The model ids this instance answers for, e.g. {@code base} and {@code lora-r16}. */
    List<String> modelIds();

    /** Identity of a model id for the run record: weights and adapter hashes. */
    ModelIdentity identity(String modelId);

    /**
     * Answers every request; the answer at position i belongs to request i. A request that
     * cannot be answered (the item is the problem) raises an IllegalArgumentException naming the
     * item, and the stage dead-letters it; any other exception means the model is not working,
     * and the stage aborts the batch to try it again.
     */
    List<ModelAnswer> answer(List<Request> requests);

    @Override
    default void close() {
    }
}
