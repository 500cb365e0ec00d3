package io.evalstream.producers;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON file holding one array of objects (dev.json, tables.json, train_spider.reduced.json).
 * It is streamed element by element so that every element keeps the line it starts on: an error
 * about item 517 can then say where item 517 is.
 */
final class JsonArrayFile {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonArrayFile() {
    }

    /**
     * @param what what one element is, for messages ("a Spider dev item {db_id, question, query}")
     */
    static List<Element> read(Path file, DataSource source, String what) {
        MissingDataException.require(file, source);
        List<Element> elements = new ArrayList<>();
        try (JsonParser parser = MAPPER.createParser(file.toFile())) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw new DataFormatException(file, lineOf(parser),
                        "expected a JSON array of " + what + " but found " + describe(first));
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                int line = lineOf(parser);
                JsonNode node = parser.readValueAsTree();
                if (node == null || !node.isObject()) {
                    throw new DataFormatException(file, line,
                            "item #" + elements.size() + ": expected an object, " + what + ", but found " + describe(token));
                }
                elements.add(new Element(file, elements.size(), line, node));
            }
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new DataFormatException(file, lineOf(parser),
                        "expected the end of the file after the array but found " + describe(trailing));
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? DataFormatException.NO_LINE : at.getLineNr();
            String column = at == null ? "" : " (column " + at.getColumnNr() + ")";
            throw new DataFormatException(file, line, "malformed JSON" + column + ": " + e.getOriginalMessage()
                    + "; expected a JSON array of " + what, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return elements;
    }

    private static int lineOf(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    private static String describe(JsonToken token) {
        return token == null ? "the end of the file" : token.asString() != null ? "'" + token.asString() + "'" : token.name();
    }

    /** One element of the array with the line it starts on, and typed access that names it on failure. */
    record Element(Path file, int index, int line, JsonNode node) {

        String text(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                throw problem("missing field \"" + field + "\" (expected a string)");
            }
            if (!value.isTextual()) {
                throw problem("field \"" + field + "\" must be a string but is " + value.getNodeType());
            }
            return value.asText();
        }

        /** The array {@code field}; every entry is handed back as a node for the caller to check. */
        JsonNode array(String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isArray()) {
                throw problem((value == null ? "missing field \"" + field + "\"" : "field \"" + field + "\" is " + value.getNodeType())
                        + " (expected an array)");
            }
            return value;
        }

        DataFormatException problem(String what) {
            return new DataFormatException(file, line, "item #" + index + ": " + what);
        }
    }
}
