package io.evalstream.metrics.spider.official;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.metrics.TestData;
import io.evalstream.metrics.spider.SpiderDevSet;
import io.evalstream.metrics.spider.SpiderItem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The lexer's fast paths give exactly the tokens of the ordered rule list, on real and on scrambled SQL. */
class SqlparseLexerTest {

    @Test
    void fastPathsChangeNoToken() throws IOException {
        List<String> texts = new ArrayList<>();
        for (SpiderItem item : SpiderDevSet.read(TestData.dataDir())) {
            texts.add(item.query());
        }
        ObjectMapper json = new ObjectMapper();
        for (String resource : List.of("/official/mutations.jsonl", "/official/remove_distinct.jsonl")) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(getClass().getResourceAsStream(resource), StandardCharsets.UTF_8))) {
                String field = resource.contains("mutations") ? "prediction" : "input";
                r.lines().forEach(line -> texts.add(parse(json, line, field)));
            }
        }
        // scrambled: pieces of real SQL glued with the chars the fast paths decide on
        Random random = new Random(11);
        String[] glue = {".", "(", ")", "$", "#", " ", "\t", "\n", "\u00A0", "é", "1", "0x", "E5", "'", "\"", "`", "[", "]", "<@", "=", "-", "--", "/*", "*/", ";"};
        int real = texts.size();
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 8; k++) {
                String piece = texts.get(random.nextInt(real));
                int from = random.nextInt(piece.length());
                sb.append(piece, from, Math.min(piece.length(), from + 1 + random.nextInt(12))).append(glue[random.nextInt(glue.length)]);
            }
            texts.add(sb.toString());
        }
        for (String text : texts) {
            assertEquals(SqlparseLexer.tokenizeByRulesOnly(text), SqlparseLexer.tokenize(text), text);
        }
    }

    private static String parse(ObjectMapper json, String line, String field) {
        try {
            return json.readTree(line).get(field).asText();
        } catch (IOException e) {
            throw new IllegalArgumentException(line, e);
        }
    }
}
