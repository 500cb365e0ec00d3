package io.evalstream.aggregator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * A published record as a JSON-ready map with the schema's field names. Undefined statistics
 * (NaN: no scorable item yet, no paired item yet) become null, which JSON can carry.
 */
public final class AvroJson {

    public static Map<String, Object> toMap(SpecificRecord record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            out.put(field.name(), value(record.get(field.pos())));
        }
        return out;
    }

    static Object value(Object v) {
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : d;
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof CharSequence s) {
            return s.toString();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new TreeMap<>();
            m.forEach((k, x) -> copy.put(k.toString(), value(x)));
            return copy;
        }
        if (v instanceof SpecificRecord r) {
            return toMap(r);
        }
        return v;
    }

    /** NaN and infinities as null, for numbers computed outside a record. */
    public static Double number(double x) {
        return Double.isNaN(x) || Double.isInfinite(x) ? null : x;
    }

    private AvroJson() {
    }
}
