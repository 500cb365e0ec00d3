package io.evalstream.metrics.sql;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * TEXT values as the official evaluator sees them: its connection decodes text with
 * {@code b.decode(errors="ignore")} (exec_eval.py, get_cursor_from_path), so bytes that are not
 * UTF-8 are dropped. sqlite-jdbc puts U+FFFD in their place instead, which would make a value
 * compare unequal where Python finds it equal.
 */
final class PythonText {
    private PythonText() {
    }

    /** Whether sqlite-jdbc's decoding may have replaced bytes: only then are the raw bytes fetched again. */
    static boolean mayHaveReplacedBytes(String decoded) {
        return decoded.indexOf('\uFFFD') >= 0;
    }

    static String decodeIgnoringErrors(byte[] utf8) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.IGNORE)
                .onUnmappableCharacter(CodingErrorAction.IGNORE);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(utf8));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a decoder that ignores errors reported one", e);
        }
    }
}
