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
 * item, a thread-local context, a class lookup by name for every Integer widened to Long): half of
 * a full status's time. This one builds the same JSON tree directly; anything else, a path, or
 * limits that such a value would reach, goes to the serializer it stands in front of (Jolokia's),
 * unchanged.
 * <p>
 * The tree is the one Jolokia builds, item for item ({@code FlatCompositeSerializerTest} compares
 * them): a {@link JSONArray} of {@link JSONObject}s, Integer, Short and Byte widened to Long, a Long
 * as a string when the request asks {@code serializeLong=string}, a null element kept as null.
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
     * The records as Jolokia would write them, or null when one of them holds anything but a simple
     * item, or when the options' limits would cut the tree (Jolokia then writes what it cuts).
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
        // The records of an attribute share one type: its keys are listed once.
        CompositeType type = null;
        String[] keys = null;
        for (CompositeData record : records) {
            if (record == null) {
                out.add(null);
                continue;
            }
            if (record.getCompositeType() != type) {
                type = record.getCompositeType();
                keys = type.keySet().toArray(String[]::new);
            }
            JSONObject json = new JSONObject();
            // values() is in the order of the type's keys, as keySet() is: one walk, no lookups.
            int k = 0;
            for (Object v : record.values()) {
                String key = keys[k++];
                Object item;
                if (v == null || v instanceof String || v instanceof Boolean) {
                    item = v;
                } else if (v instanceof Long l) {
                    item = longAsString ? Long.toString(l) : l;
                } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                    item = ((Number) v).longValue();
                } else {
                    return null;
                }
                json.put(key, item);
            }
            if (json.isEmpty()) {
                // Jolokia drops a record with no item; rare enough to leave to it.
                return null;
            }
            out.add(json);
        }
        return out;
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
