package io.evalstream.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
    private static final Path FILE = Path.of("sample.csv");

    @Test
    void quotedFieldsHoldCommasDoubledQuotesAndLineBreaks() {
        String text = "plain,\"a, b\",\"say \"\"hi\"\"\"\n\"two\nlines\",x,\"\"\nlast,row,here\n";
        List<CsvReader.CsvRecord> records = CsvReader.parse(text, FILE);

        assertEquals(3, records.size());
        assertEquals(List.of("plain", "a, b", "say \"hi\""), records.get(0).fields());
        assertEquals(List.of("two\nlines", "x", ""), records.get(1).fields());
        assertEquals(List.of("last", "row", "here"), records.get(2).fields());
        assertEquals(List.of(1, 2, 4), records.stream().map(CsvReader.CsvRecord::line).toList(),
                "a record's line is the physical line it starts on, counting breaks inside quotes");
    }

    @Test
    void acceptsCrLfAndNoFinalLineBreakAndEmptyFields() {
        List<CsvReader.CsvRecord> records = CsvReader.parse("\uFEFFa,,c\r\n,\r\nlast", FILE);

        assertEquals(List.of(List.of("a", "", "c"), List.of("", ""), List.of("last")),
                records.stream().map(CsvReader.CsvRecord::fields).toList());
        assertEquals(3, records.get(2).line());
    }

    @Test
    void unterminatedQuoteNamesTheLineWhereTheRecordStarts() {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CsvReader.parse("ok,row\nbad,\"never\nclosed\n", FILE));

        assertEquals(2, e.line());
        assertEquals(FILE, e.file());
        assertTrue(e.getMessage().startsWith("sample.csv:2: unterminated quoted field"), e.getMessage());
    }

    @Test
    void textAfterAClosingQuoteIsAnError() {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CsvReader.parse("a,b\n\"quoted\"tail,c\n", FILE));

        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("expected ',' or a line break after the closing quote"), e.getMessage());
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsText() {
        List<CsvReader.CsvRecord> records = CsvReader.parse("Nietzsche’s Will to Truth?\",x\n", FILE);

        assertEquals(List.of("Nietzsche’s Will to Truth?\"", "x"), records.get(0).fields());
    }
}
