package io.evalstream.metrics.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.TestData;
import io.evalstream.metrics.Verdict;
import io.evalstream.metrics.spider.ExecutionAccuracy;
import io.evalstream.metrics.spider.ExecutionOptions;
import io.evalstream.metrics.spider.SpiderDatabases;
import io.evalstream.metrics.spider.compare.ComparisonMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Predicted SQL is untrusted. Runs against a COPY of a real dev database in target/ (never the
 * shared data) and checks the copy is byte-identical afterwards.
 */
public class SandboxTest {
    private static final String DB = "concert_singer";
    private static final String GOLD = "SELECT count(*) FROM singer";
    private static final QueryLimits LIMITS = new QueryLimits(Duration.ofSeconds(1), 10, 1 << 20);
    private static Path databaseDir;
    private static Path dbFile;
    private static String hashBefore;
    private static ExecutionAccuracy metric;

    @BeforeAll
    static void copyDatabase() throws IOException {
        Path data = TestData.dataDirWithDatabase(DB);
        databaseDir = Files.createTempDirectory(Path.of("target"), "sandbox-dbs");
        dbFile = databaseDir.resolve(DB).resolve(DB + ".sqlite");
        Files.createDirectories(dbFile.getParent());
        Files.copy(data.resolve("spider/database/" + DB + "/" + DB + ".sqlite"), dbFile);
        hashBefore = sha256(dbFile);
        // strict: the SQL as written meets the gate (official mode keeps only the first statement, as its tool does)
        ExecutionOptions options = ExecutionOptions.defaults().withMode(ComparisonMode.STRICT).withTimeout(Duration.ofSeconds(1)).withMaxRows(1000);
        metric = new ExecutionAccuracy(SpiderDatabases.inDatabaseFolder(databaseDir), options);
    }

    @AfterAll
    static void databaseIsUnchanged() throws IOException {
        if (metric != null) {
            metric.close();
            assertEquals(hashBefore, sha256(dbFile), "the database file changed");
            assertEquals(List.of(DB + ".sqlite"), Files.list(dbFile.getParent()).map(p -> p.getFileName().toString()).toList(),
                    "no journal or other file appeared beside the database");
        }
    }

    private static Verdict run(String predicted) {
        return metric.evaluate(ExecutionAccuracy.testCase(DB, "how many singers?", predicted, GOLD));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "DROP TABLE singer",
            "INSERT INTO singer (Singer_ID, Name) VALUES (99, 'x')",
            "UPDATE singer SET Name = 'x'",
            "DELETE FROM singer",
            "CREATE TABLE evil (a)",
            "PRAGMA query_only = OFF",
            "PRAGMA journal_mode = WAL",
            "ATTACH DATABASE 'target/evil.sqlite' AS evil",
            "VACUUM INTO 'target/copy.sqlite'",
            "WITH x AS (SELECT 1) DELETE FROM singer",
            "WITH x AS (SELECT 1) INSERT INTO singer (Singer_ID) SELECT 100 FROM x",
            "SELECT load_extension('libevil')",
            "SELECT 1; DROP TABLE singer",
            "SELECT count(*) FROM singer; SELECT 1",
            "REPLACE INTO singer (Singer_ID) VALUES (1)",
            "BEGIN; DELETE FROM singer; COMMIT",
    })
    void writesAndEscapesAreRefused(String predicted) {
        Verdict v = run(predicted);
        assertEquals(Outcome.REFUSED, v.outcome(), predicted + " -> " + v);
        assertEquals(0.0, v.score());
        assertTrue(!v.reason().isBlank());
    }

    /**
     * Defence in depth: with the statement gate bypassed, the connection itself still refuses
     * writes (read-only open mode, query_only) and ATTACH (attached-database limit 0).
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "DROP TABLE singer",
            "DELETE FROM singer",
            "CREATE TEMP TABLE t AS SELECT 1",
            "ATTACH DATABASE ':memory:' AS evil",
            "PRAGMA query_only = OFF",
            "SELECT load_extension('libevil')",
    })
    void theConnectionRefusesEvenWithoutTheStatementGate(String sql) throws Exception {
        try (SandboxedConnection c = SandboxedConnection.open(dbFile)) {
            QueryFailure f = assertThrows(QueryFailure.class, () -> c.query(sql, LIMITS));
            assertTrue(f.outcome() == Outcome.REFUSED || f.getMessage().contains("does not return"), sql + " -> " + f.outcome() + ": " + f.getMessage());
            // after an attempted write the connection still only reads the original data
            assertEquals(6L, c.query("SELECT count(*) FROM singer", LIMITS).rows().get(0).get(0));
        }
    }

    @Test
    void aSecondStatementIsRefusedNotSilentlyRun() {
        Verdict v = run("SELECT count(*) FROM singer; DROP TABLE singer");
        assertEquals(Outcome.REFUSED, v.outcome());
        assertTrue(v.reason().contains("second"), v.reason());
    }

    @Test
    void trailingSemicolonsAreFine() {
        assertEquals(Outcome.CORRECT, run("SELECT count(*) FROM singer;;  ").outcome());
    }

    @Test
    void neverEndingRecursiveCteIsInterruptedNearTheLimit() {
        long start = System.nanoTime();
        Verdict v = run("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Outcome.TIMEOUT, v.outcome(), v.toString());
        assertTrue(ms < 1000 + 1500, "interrupted after " + ms + " ms with a 1000 ms limit");
    }

    @Test
    void hugeCrossJoinIsInterruptedNearTheLimit() {
        long start = System.nanoTime();
        Verdict v = run("SELECT count(*) FROM singer a, singer b, singer c, singer d, singer e, singer f, singer g, singer h, singer i, singer j, singer k, singer l");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Outcome.TIMEOUT, v.outcome(), v.toString());
        assertTrue(ms < 1000 + 1500, "interrupted after " + ms + " ms with a 1000 ms limit");
    }

    @Test
    void theConnectionStillWorksAfterAnInterrupt() {
        run("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT max(n) FROM r");
        assertEquals(Outcome.CORRECT, run("SELECT count(*) FROM singer").outcome());
    }

    @Test
    void rowCapGivesTooManyRows() {
        Verdict v = run("SELECT a.Name FROM singer a, singer b, singer c, singer d");
        assertEquals(Outcome.TOO_MANY_ROWS, v.outcome(), v.toString());
        assertTrue(v.reason().contains("1000"), v.reason());
    }

    @Test
    void errorsAreClassified() {
        assertEquals(Outcome.UNKNOWN_TABLE_OR_COLUMN, run("SELECT count(*) FROM singers").outcome());
        assertEquals(Outcome.UNKNOWN_TABLE_OR_COLUMN, run("SELECT nickname FROM singer").outcome());
        Verdict syntax = run("SELECT count(* FROM singer");
        assertEquals(Outcome.SYNTAX_ERROR, syntax.outcome());
        assertTrue(syntax.reason().contains("syntax error"), syntax.reason());
        assertEquals(Outcome.EMPTY_OUTPUT, run("   ").outcome());
        assertEquals(Outcome.EMPTY_OUTPUT, run(null).outcome());
    }

    @Test
    void missingDatabaseIsUnscorableWithThePath() {
        Verdict v = metric.evaluate(ExecutionAccuracy.testCase("wta_1", "q", "SELECT 1", "SELECT 1"));
        assertEquals(Outcome.UNSCORABLE_DB_MISSING, v.outcome());
        assertTrue(v.reason().contains("wta_1") && v.reason().contains("wta_1.sqlite"), v.reason());
        assertTrue(!v.outcome().scorable());
    }

    @Test
    void failingGoldIsUnscorableNotAModelFailure() {
        Verdict v = metric.evaluate(ExecutionAccuracy.testCase(DB, "q", "SELECT count(*) FROM singer", "SELECT count(*) FROM no_such_table"));
        assertEquals(Outcome.UNSCORABLE_GOLD_FAILED, v.outcome());
        assertTrue(v.reason().contains("no such table"), v.reason());
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
