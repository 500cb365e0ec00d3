package io.evalstream.metrics.predictions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The lines of a predictions file, read the way every predictions reader here reads them: UTF-8
 * only (a bad byte is an error naming its line and column), no NUL byte (a binary file, or text
 * that SQLite would silently cut there), not empty, and split at {@code \n}, {@code \r\n} or
 * {@code \r} as Python's text mode does (the official evaluator opens its files that way). A line
 * break at the very end does not add an empty line.
 *
 * @param sha256 hash of the file's bytes, for the run record
 */
public record PredictionLines(Path file, List<String> lines, String sha256) {

    public static PredictionLines read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read predictions file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        if (bytes.length == 0) {
            throw new PredictionsFileException(file, 0, "the file is empty; write one prediction per line");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new PredictionsFileException(file, lineAt(bytes, i), "a NUL byte at column " + columnAt(bytes, i)
                        + ": this is not a text file (or its text would be cut there); write the predictions as UTF-8 text");
            }
        }
        String text = decode(file, bytes);
        List<String> lines = split(text);
        if (lines.stream().allMatch(String::isBlank)) {
            throw new PredictionsFileException(file, 0, "the file has no prediction, only blank lines");
        }
        return new PredictionLines(file, List.copyOf(lines), sha256(bytes));
    }

    private static String decode(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            throw new PredictionsFileException(file, lineAt(bytes, at), String.format("not UTF-8: byte 0x%02X at column %d"
                    + " cannot start or continue a UTF-8 character; write the predictions file as UTF-8", bytes[at] & 0xFF, columnAt(bytes, at)));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static List<String> split(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                i += c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** 1-based line of a byte offset, counting the same line breaks as {@link #split}. */
    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                line++;
            }
        }
        return line;
    }

    private static int columnAt(byte[] bytes, int offset) {
        int start = offset;
        while (start > 0 && bytes[start - 1] != '\n' && bytes[start - 1] != '\r') {
            start--;
        }
        return offset - start + 1;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
