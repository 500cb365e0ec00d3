package io.evalstream.metrics.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class SqlExtractorTest {
    private static final String Q = "SELECT count(*) FROM singer";

    @Test
    void plainSqlIsKept() {
        assertEquals(Q, SqlExtractor.extract(Q));
        assertEquals(Q, SqlExtractor.extract("  " + Q + " ;;\n"));
    }

    @Test
    void codeFences() {
        assertEquals(Q, SqlExtractor.extract("```sql\n" + Q + ";\n```"));
        assertEquals(Q, SqlExtractor.extract("Sure! Here it is:\n```sqlite\n" + Q + "\n```\nIt counts singers."));
        assertEquals(Q, SqlExtractor.extract("```\n" + Q + "\n```"));
        assertEquals(Q, SqlExtractor.extract("```sql\n" + Q)); // unterminated fence (generation cut off)
    }

    @Test
    void leadingLabelsAndProse() {
        assertEquals(Q, SqlExtractor.extract("SQL: " + Q));
        assertEquals(Q, SqlExtractor.extract("Query: " + Q));
        assertEquals(Q, SqlExtractor.extract("To answer this we count the singers.\n" + Q));
        assertEquals("WITH t AS (SELECT 1) SELECT * FROM t", SqlExtractor.extract("Answer:\nWITH t AS (SELECT 1) SELECT * FROM t"));
        assertEquals(Q, SqlExtractor.extract("With the schema above, the query is:\n" + Q));
    }

    @Test
    void trailingExplanations() {
        assertEquals(Q, SqlExtractor.extract(Q + ";\nThis query counts every singer."));
        assertEquals(Q, SqlExtractor.extract(Q + "\n\nExplanation: count(*) counts rows."));
        assertEquals("SELECT name\nFROM singer\nWHERE age > 30", SqlExtractor.extract("SELECT name\nFROM singer\nWHERE age > 30\nThis returns names."));
        assertEquals(Q, SqlExtractor.extract(Q + ";\n-- counts singers"));
    }

    @Test
    void aOneLinePredictionIsKeptExactlyAsWritten() {
        // a line of a predictions file: the official tool runs it as it is, so nothing is cut
        assertEquals(Q + "; -- counts singers", SqlExtractor.extract(Q + "; -- counts singers"));
        assertEquals(Q + "; # done", SqlExtractor.extract(Q + "; # done"));
        assertEquals("  " + Q + " ", SqlExtractor.extract("  " + Q + " "));
        assertEquals("/* q */ " + Q + ";", SqlExtractor.extract("/* q */ " + Q + ";"));
        // not SQL on its first token: extracted as a reply
        assertEquals(Q, SqlExtractor.extract("SQL: " + Q + ";"));
    }

    @Test
    void extractionIsLinearAndCapped() {
        // the old extractor looked up every blank line and prose line in every token: 200 KB took minutes
        StringBuilder reply = new StringBuilder("Here:\n" + Q + "\n");
        while (reply.length() < 200_000) {
            reply.append("This is line ").append(reply.length()).append(" of prose with 'quotes'.\n\n");
        }
        String text = reply.toString();
        assertEquals(Q, Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> SqlExtractor.extract(text)));
        String huge = "x".repeat(SqlExtractor.MAX_REPLY_CHARS + 1);
        Assertions.assertThrows(IllegalArgumentException.class, () -> SqlExtractor.extract(huge));
    }

    @Test
    void semicolonsInsideLiteralsAreNotTheEnd() {
        String q = "SELECT * FROM singer WHERE Name = 'a;b'";
        assertEquals(q, SqlExtractor.extract(q + ";\n"));
        assertEquals(q + ";", SqlExtractor.extract(q + ";"));
        String blankInLiteral = "SELECT * FROM singer WHERE Name = 'a\n\nb'";
        assertEquals(blankInLiteral, SqlExtractor.extract(blankInLiteral));
    }

    @Test
    void aSecondStatementIsKeptSoTheSandboxRefusesIt() {
        assertEquals(Q + "; DROP TABLE singer", SqlExtractor.extract(Q + "; DROP TABLE singer;\n"));
        assertEquals(Q + "; DROP TABLE singer;", SqlExtractor.extract(Q + "; DROP TABLE singer;"));
    }

    @Test
    void nothingUsable() {
        assertEquals("", SqlExtractor.extract(null));
        assertEquals("", SqlExtractor.extract("   \n "));
        assertEquals("", SqlExtractor.extract("```sql\n```"));
    }
}
