package io.evalstream.generator.prompt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A prompt ready for the tokenizer.
 *
 * @param template     name and version of the template, recorded with the prediction
 * @param text         the rendered text
 * @param prefixChars  length of the leading text shared with other prompts (few-shot and schema block), worth caching
 * @param chatRendered whether the text came from the model's chat template (it then carries its special tokens)
 */
public record RenderedPrompt(String template, String text, int prefixChars, boolean chatRendered) {

    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String prefixText() {
        return text.substring(0, prefixChars);
    }
}
