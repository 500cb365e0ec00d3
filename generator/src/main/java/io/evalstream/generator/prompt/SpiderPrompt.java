package io.evalstream.generator.prompt;

import io.evalstream.generator.engine.tokenizer.ChatTemplate;
import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.SchemaTable;
import io.evalstream.schemas.SpiderExample;
import io.evalstream.schemas.SpiderPayload;
import java.util.ArrayList;
import java.util.List;

/**
 * Text-to-SQL prompts for Spider items.
 *
 * <p>{@code spider-3shot-v1}: a system instruction, then for each of the item's three few-shot
 * train examples a user turn "Database schema:\n{CREATE TABLEs}\n\nQuestion: {q}" and an assistant
 * turn with its SQL, then a user turn with the item's schema and question. {@code spider-zeroshot-v1}
 * (for fine-tuned models, and what a fine-tuning recipe must render its training prompts with): the
 * system instruction and the one user turn. Both go through the model's chat template; a model
 * without one gets the same blocks as plain text, each question followed by "SQL:".
 */
public final class SpiderPrompt {

    public static final String FEW_SHOT = "spider-3shot-v1";
    public static final String ZERO_SHOT = "spider-zeroshot-v1";
    public static final String SYSTEM = "You are a SQLite expert. Given a database schema and a question, write one SQLite query that answers it. Reply with the SQL query only.";

    /** Which Spider template a model uses. */
    public enum Style { FEW_SHOT, ZERO_SHOT }

    private SpiderPrompt() {
    }

    /** What precedes the SQL in the plain-text form (a few-shot answer, or the model's). */
    static final String PLAIN_ANSWER = "\nSQL: ";

    static String block(String schema, String question) {
        return "Database schema:\n" + schema + "\n\nQuestion: " + question;
    }

    public static RenderedPrompt render(EvalItem item, Style style, ChatTemplate chat) {
        SpiderPayload spider = item.getSpider();
        if (spider == null) {
            throw new IllegalArgumentException("item " + item.getItemId() + " is a Spider item without its spider payload");
        }
        return render(spider.getTables(), item.getQuestion(), spider.getFewShot(), style, chat, "item " + item.getItemId());
    }

    /**
     * The prompt for one question on one database: what {@link #render(EvalItem, Style, ChatTemplate)}
     * renders for an item, and what the fine-tuning export renders for a train example, so that an
     * adapter is evaluated with the very prompt it was trained on.
     *
     * @param fewShot the three few-shot examples (ignored by the zero-shot style)
     * @param what    names the item or example in errors
     */
    public static RenderedPrompt render(List<SchemaTable> tables, String question, List<SpiderExample> fewShot, Style style,
                                        ChatTemplate chat, String what) {
        List<SpiderExample> shots = style == Style.FEW_SHOT ? fewShot : List.of();
        if (style == Style.FEW_SHOT && shots.size() != 3) {
            throw new IllegalArgumentException(what + " carries " + shots.size()
                    + " few-shot examples; " + FEW_SHOT + " needs 3 (benchmarks.spider.few_shot_train_ids)");
        }
        String template = style == Style.FEW_SHOT ? FEW_SHOT : ZERO_SHOT;
        String schemaOnly = "Database schema:\n" + SchemaText.render(tables) + "\n\nQuestion: ";
        String last = schemaOnly + question;
        if (chat != null) {
            String text = chat.render(messages(shots, last), true);
            int at = text.lastIndexOf(last);
            int prefix = at < 0 ? 0 : at + schemaOnly.length();
            return new RenderedPrompt(template, text, prefix, true);
        }
        StringBuilder sb = new StringBuilder(SYSTEM).append("\n\n");
        for (SpiderExample ex : shots) {
            sb.append(block(SchemaText.render(ex.getTables()), ex.getQuestion())).append(PLAIN_ANSWER).append(ex.getQuery()).append("\n\n");
        }
        int prefix = sb.length() + schemaOnly.length();
        sb.append(last).append(PLAIN_ANSWER.stripTrailing());
        return new RenderedPrompt(template, sb.toString(), prefix, false);
    }

    /** The chat: the system instruction, each shot as a user and an assistant turn, then the question's user turn. */
    static List<ChatTemplate.Message> messages(List<SpiderExample> shots, String lastUserTurn) {
        List<ChatTemplate.Message> messages = new ArrayList<>();
        messages.add(new ChatTemplate.Message("system", SYSTEM));
        for (SpiderExample ex : shots) {
            messages.add(new ChatTemplate.Message("user", block(SchemaText.render(ex.getTables()), ex.getQuestion())));
            messages.add(new ChatTemplate.Message("assistant", ex.getQuery()));
        }
        messages.add(new ChatTemplate.Message("user", lastUserTurn));
        return messages;
    }
}
