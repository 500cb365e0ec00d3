package io.evalstream.cli.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.DeadLetterKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How many expected predictions a run's dead letters stand for, read from their kinds, not their prose. */
class DeadPredictionsTest {

    @Test
    void aMalformedItemStandsForEveryModelAndAnyOtherLetterForOnePrediction() {
        List<DeadLetter> letters = List.of(
                letter("generator", DeadLetterKind.MALFORMED_RECORD, "cannot decode"),
                letter("generator", DeadLetterKind.UNANSWERABLE_ITEM, "malformed record: only the kind counts"),
                letter("generator", DeadLetterKind.MODEL_ERROR, "model lora failed on item q1"),
                letter("scorer", DeadLetterKind.MALFORMED_RECORD, "malformed record: a prediction is one"),
                letter("scorer", DeadLetterKind.PROCESSING_ERROR, "cannot score r/base/MMLU/q2"));

        assertEquals(3 + 1 + 1 + 1 + 1, Pipeline.deadPredictions(letters, 3));
        assertEquals(1, Pipeline.deadPredictions(letters.subList(0, 1), 1));
    }

    private static DeadLetter letter(String stage, DeadLetterKind kind, String reason) {
        return DeadLetter.newBuilder().setStage(stage).setSourceTopic("t").setPartition(0).setOffset(0)
                .setKind(kind).setReason(reason).build();
    }
}
