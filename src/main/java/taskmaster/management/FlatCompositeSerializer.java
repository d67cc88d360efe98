package taskmaster.management;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.management.AttributeNotFoundException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import org.jolokia.core.service.serializer.SerializeOptions;
import org.jolokia.json.JSONArray;
import org.jolokia.json.JSONObject;
import org.jolokia.server.core.service.api.AbstractJolokiaService;
import org.jolokia.server.core.service.api.JolokiaContext;
import org.jolokia.server.core.service.api.JolokiaService;
import org.jolokia.server.core.service.serializer.Serializer;

/**
 * Jolokia's serializer with a shorter road for what a full status returns: an array of CompositeData
 * whose items are all strings, booleans, integers or null, read whole. Jolokia's own converter walks
 * each of those 18 000 items of 1000 processes through its accessor chain (a path deque copied per
 * item, a thread-local context, a class lookup by name for every Integer widened to Long), and its
 * writer then escapes each of their 36 000 keys and strings through a char array, a StringBuilder
 * and a String: together four fifths of a full status's time. This one writes each record's JSON
 * directly; anything else, a path, or limits that such a value would reach, goes to the
 * serializer it stands in front of (Jolokia's), unchanged.
 * <p>
 * The bytes are the ones Jolokia writes ({@code FlatCompositeSerializerTest} compares them): a
 * {@link JSONArray} of records, Integer, Short and Byte widened to Long, a Long as a string when
 * the request asks {@code serializeLong=string}, a null element kept as null; and a control
 * character Jolokia would garble is written as JSON has it.
 */
final class FlatCompositeSerializer extends AbstractJolokiaService<Serializer> implements Serializer {
    private final Serializer next;

    private FlatCompositeSerializer(Serializer next) {
        super(Serializer.class, next.getOrder());
        this.next = next;
    }

    /**
     * {@code services} with their serializer (Jolokia asks for exactly one) in front of this one. A
     * set without one is returned as it is, and Jolokia's own start fails as it would have.
     */
    static Set<JolokiaService<?>> inFront(Set<JolokiaService<?>> services) {
        Set<JolokiaService<?>> out = new LinkedHashSet<>();
        for (JolokiaService<?> s : services) {
            out.add(
                    s instanceof Serializer serializer && !(s instanceof FlatCompositeSerializer)
                            ? new FlatCompositeSerializer(serializer)
                            : s);
        }
        return out;
    }

    @Override
    public void init(JolokiaContext context) {
        super.init(context);
        next.init(context);
    }

    @Override
    public void destroy() throws Exception {
        next.destroy();
        super.destroy();
    }

    @Override
    public Object serialize(Object value, List<String> pathParts, SerializeOptions options)
            throws AttributeNotFoundException {
        if ((pathParts == null || pathParts.isEmpty()) && value instanceof CompositeData[] records) {
            JSONArray flat = flat(records, options);
            if (flat != null) {
                return flat;
            }
        }
        return next.serialize(value, pathParts, options);
    }

    /**
     * The records as Jolokia would write them, each already written (see {@link Rendered}), or null
     * when one of them holds anything but a simple item, or when the options' limits would cut the
     * tree (Jolokia then writes what it cuts).
     */
    static JSONArray flat(CompositeData[] records, SerializeOptions options) {
        int n = records.length;
        // Jolokia's depth counts the array and the record above an item; its object count counts
        // the array and every record (simple items are not counted).
        if (options.getCollectionSizeTruncated(n) != n
                || options.maxDepthReached(2)
                || options.maxObjectExceeded(1 + n)) {
            return null;
        }
        boolean longAsString = "string".equals(options.getSerializeLong());
        JSONArray out = new JSONArray(n);
        // The records of an attribute share one type: its keys are written once. Jolokia's record
        // is a JSONObject (a HashMap) filled in the type's order, and it is written in the map's
        // order: the same map, filled the same way, gives the order here.
        CompositeType type = null;
        String[] keys = null;
        int[] order = null;
        StringBuilder json = new StringBuilder(512);
        for (CompositeData record : records) {
            if (record == null) {
                out.add(null);
                continue;
            }
            if (record.getCompositeType() != type) {
                type = record.getCompositeType();
                List<String> typeOrder = List.copyOf(type.keySet());
                JSONObject probe = new JSONObject();
                typeOrder.forEach(k -> probe.put(k, null));
                keys = probe.keySet().stream().map(k -> quoted(k) + ":").toArray(String[]::new);
                order = probe.keySet().stream().mapToInt(typeOrder::indexOf).toArray();
            }
            if (keys.length == 0) {
                return null; // Jolokia drops a record with no item; rare enough to leave to it
            }
            json.setLength(0);
            json.append('{');
            // values() is in the type's order, as keySet() is: one copy, no lookups.
            Object[] values = record.values().toArray();
            for (int k = 0; k < keys.length; k++) {
                if (k > 0) {
                    json.append(',');
                }
                json.append(keys[k]);
                Object v = values[order[k]];
                if (v == null) {
                    json.append("null");
                } else if (v instanceof String text) {
                    quote(json, text);
                } else if (v instanceof Boolean b) {
                    json.append(b.booleanValue());
                } else if (v instanceof Long l) {
                    // Jolokia turns a Long into a string under serializeLong=string, and widens
                    // Integer, Short and Byte into a Long after that choice: they stay numbers.
                    if (longAsString) {
                        json.append('"').append(l.longValue()).append('"');
                    } else {
                        json.append(l.longValue());
                    }
                } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                    json.append(((Number) v).longValue());
                } else {
                    return null;
                }
            }
            out.add(new Rendered(json.append('}').toString()));
        }
        return out;
    }

    private static String quoted(String text) {
        StringBuilder b = new StringBuilder(text.length() + 2);
        quote(b, text);
        return b.toString();
    }

    /**
     * {@code text} as a JSON string, escaped as RFC 8259 asks and as Jolokia's writer does (no
     * escaped solidus, every other character as it is), copied in runs rather than a character at a
     * time. A control character without a short form is a backslash, {@code u} and four lowercase
     * hex digits. Jolokia 2.6.0 adds its low digit to {@code '0'}: for U+000B, U+000E, U+000F and
     * U+001A to U+001F it writes a colon or worse where the digit goes, which no parser reads.
     */
    static void quote(StringBuilder out, String text) {
        out.append('"');
        int run = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(text, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        out.append(text, run, text.length()).append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * One record, already written as JSON. Jolokia's writer has no way to take written JSON, but it
     * writes any {@link Number} it meets as its {@code toString()}: a record rides through it as
     * one. Jolokia's writer spent 9.75 ms of a full status of 1000 on their 36 000 keys and strings
     * (a char array, a StringBuilder and a String for each); written here, the whole read went
     * from 29 to 17 ms (docs/performance.md, issue 14's sixth round). Nothing else reads the
     * tree: the request thread serializes it and writes it out. {@code FlatCompositeSerializerTest}
     * holds the bytes to Jolokia's own, so an upgrade that writes numbers otherwise fails there.
     */
    static final class Rendered extends Number {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        private final String json;

        Rendered(String json) {
            this.json = json;
        }

        @Override
        public String toString() {
            return json;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Rendered r && r.json.equals(json);
        }

        @Override
        public int hashCode() {
            return json.hashCode();
        }

        private static UnsupportedOperationException notANumber() {
            return new UnsupportedOperationException("internal error: a written record is not a number");
        }

        @Override
        public int intValue() {
            throw notANumber();
        }

        @Override
        public long longValue() {
            throw notANumber();
        }

        @Override
        public float floatValue() {
            throw notANumber();
        }

        @Override
        public double doubleValue() {
            throw notANumber();
        }
    }

    @Override
    public Object deserialize(String expectedClassName, Object value) {
        return next.deserialize(expectedClassName, value);
    }

    @Override
    public Object deserializeOpenType(OpenType<?> openType, Object value) {
        return next.deserializeOpenType(openType, value);
    }

    @Override
    public Object setInnerValue(Object outer, Object newValue, List<String> pathParts)
            throws AttributeNotFoundException, IllegalAccessException, InvocationTargetException {
        return next.setInnerValue(outer, newValue, pathParts);
    }
}
