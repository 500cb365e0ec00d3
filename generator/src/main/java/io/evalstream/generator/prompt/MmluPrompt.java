package io.evalstream.generator.prompt;

import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.MmluExample;
import io.evalstream.schemas.MmluPayload;
import java.util.List;

/**
 * MMLU's original prompt: "The following are multiple choice questions (with answers) about
 * {subject}.\n\n", then the k few-shot examples of the subject's dev split, each as the question,
 * "A. …" to "D. …" lines and "Answer: X", separated by blank lines, then the question with
 * "Answer:". Plain text, no chat template: the answer is read from the next token's log-probabilities.
 */
public final class MmluPrompt {

    public static final String TEMPLATE = "mmlu-4shot-v1";
    public static final String[] LETTERS = {"A", "B", "C", "D"};

    private MmluPrompt() {
    }

    public static RenderedPrompt render(EvalItem item) {
        MmluPayload mmlu = item.getMmlu();
        if (mmlu == null) {
            throw new IllegalArgumentException("item " + item.getItemId() + " is an MMLU item without its mmlu payload");
        }
        StringBuilder sb = new StringBuilder("The following are multiple choice questions (with answers) about ")
                .append(mmlu.getSubject().replace('_', ' ')).append(".\n\n");
        for (MmluExample ex : mmlu.getFewShot()) {
            question(sb, ex.getQuestion(), ex.getChoices(), item.getItemId());
            sb.append(' ').append(ex.getAnswer().strip()).append("\n\n");
        }
        int prefix = sb.length();
        question(sb, item.getQuestion(), mmlu.getChoices(), item.getItemId());
        return new RenderedPrompt(TEMPLATE, sb.toString(), prefix, false);
    }

    private static void question(StringBuilder sb, String question, List<String> choices, String itemId) {
        if (choices.size() != 4) {
            throw new IllegalArgumentException("item " + itemId + ": MMLU questions have 4 choices, got " + choices.size());
        }
        sb.append(question.strip()).append('\n');
        for (int i = 0; i < 4; i++) {
            sb.append(LETTERS[i]).append(". ").append(choices.get(i).strip()).append('\n');
        }
        sb.append("Answer:");
    }
}
