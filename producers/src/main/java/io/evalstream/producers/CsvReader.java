package io.evalstream.producers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 CSV reader: fields separated by commas, records by CRLF, LF or CR; a field in
 * double quotes may hold commas, line breaks and doubled quotes ({@code ""} for one quote).
 * A quote inside an unquoted field is kept as text (as Python's csv module reads it). It is strict
 * where leniency would hide a broken file: an unterminated quote, or text after a closing quote,
 * is an error naming the line where the record starts.
 */
public final class CsvReader {
    private static final char QUOTE = '"';
    private static final char SEPARATOR = ',';
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private CsvReader() {
    }

    /** One record and the physical line (1-based) it starts on. */
    public record CsvRecord(int line, List<String> fields) {
        public CsvRecord {
            fields = List.copyOf(fields);
        }
    }

    /** Reads a UTF-8 CSV file; a final line break does not start an empty record. */
    public static List<CsvRecord> read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses {@code text}; {@code file} only names the source in errors. */
    public static List<CsvRecord> parse(String text, Path file) {
        List<CsvRecord> records = new ArrayList<>();
        int pos = !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? 1 : 0;
        int line = 1;
        while (pos < text.length()) {
            int recordLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean recordEnded = false;
            while (!recordEnded) {
                if (pos < text.length() && text.charAt(pos) == QUOTE) {
                    pos++;
                    // quoted field: runs to the next quote that is not doubled
                    while (true) {
                        if (pos >= text.length()) {
                            throw new DataFormatException(file, recordLine, "unterminated quoted field (field "
                                    + (fields.size() + 1) + "): expected a closing '\"' before the end of the file");
                        }
                        char c = text.charAt(pos++);
                        if (c == QUOTE) {
                            if (pos < text.length() && text.charAt(pos) == QUOTE) {
                                field.append(QUOTE);
                                pos++;
                                continue;
                            }
                            break;
                        }
                        if (c == '\n' || (c == '\r' && (pos >= text.length() || text.charAt(pos) != '\n'))) {
                            line++;
                        }
                        field.append(c);
                    }
                    if (pos < text.length() && !isSeparatorOrBreak(text.charAt(pos))) {
                        throw new DataFormatException(file, line, "field " + (fields.size() + 1) + " of the record starting at line "
                                + recordLine + ": expected ',' or a line break after the closing quote but found '"
                                + text.charAt(pos) + "' (a quote inside a quoted field must be doubled)");
                    }
                } else {
                    // A quote inside an unquoted field is taken literally, as Python's csv module and
                    // pandas do: real MMLU rows (e.g. college_medicine val, line 6) rely on it.
                    while (pos < text.length() && !isSeparatorOrBreak(text.charAt(pos))) {
                        field.append(text.charAt(pos++));
                    }
                }
                fields.add(field.toString());
                field.setLength(0);
                if (pos >= text.length()) {
                    recordEnded = true;
                } else if (text.charAt(pos) == SEPARATOR) {
                    pos++;
                } else {
                    pos += text.startsWith("\r\n", pos) ? 2 : 1;
                    line++;
                    recordEnded = true;
                }
            }
            records.add(new CsvRecord(recordLine, fields));
        }
        return records;
    }

    private static boolean isSeparatorOrBreak(char c) {
        return c == SEPARATOR || c == '\n' || c == '\r';
    }
}
