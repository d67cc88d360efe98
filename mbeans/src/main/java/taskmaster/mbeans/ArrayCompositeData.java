package taskmaster.mbeans;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.InvalidKeyException;
import javax.management.openmbean.OpenDataException;

/**
 * A CompositeData over an array of values, for the records a full status lists by the thousand: the
 * JDK's {@link CompositeDataSupport} builds a TreeMap per record and every {@code get} (Jolokia calls
 * one per item) walks it with string comparisons; here a lookup is one hash of the key into an index
 * shared by every record of the type. On the wire (RMI, JConsole) it is written as a plain
 * {@link CompositeDataSupport} with the same type and values, so a client needs no class of ours.
 */
final class ArrayCompositeData implements CompositeData, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The last layout made: the MXBean layer passes the same type for every record of one attribute. */
    private static volatile Layout last;

    private final transient Layout layout;
    private final Object[] values;

    private ArrayCompositeData(Layout layout, Object[] values) {
        this.layout = layout;
        this.values = values;
    }

    /**
     * The record {@code values} (in the order of {@code names}) as a CompositeData of {@code type}. A
     * type whose items are not exactly {@code names} gets a validated {@link CompositeDataSupport}, so
     * that a mismatch fails as the JDK's own mapping would.
     */
    static CompositeData of(CompositeType type, String[] names, Object[] values) {
        Layout l = last;
        if (l == null || l.type != type || l.names != names) {
            l = Layout.of(type, names);
            last = l;
        }
        if (l.index == null) {
            try {
                return new CompositeDataSupport(type, names, values);
            } catch (OpenDataException e) {
                throw new IllegalArgumentException("cannot map to " + type.getTypeName() + ": " + e.getMessage(), e);
            }
        }
        return new ArrayCompositeData(l, values);
    }

    /**
     * Where each item's value sits; {@code index} is null when the type's items are not the names.
     * {@code sorted[i]} is the position in {@code values} of the type's i-th key in its own (sorted)
     * order, for {@link #values()}.
     */
    private record Layout(CompositeType type, String[] names, Map<String, Integer> index, int[] sorted) {

        static Layout of(CompositeType type, String[] names) {
            Set<String> keys = type.keySet();
            if (keys.size() != names.length || !keys.containsAll(Arrays.asList(names))) {
                return new Layout(type, names, null, null);
            }
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < names.length; i++) {
                index.put(names[i], i);
            }
            int[] sorted = new int[names.length];
            int k = 0;
            for (String key : keys) {
                sorted[k++] = index.get(key);
            }
            return new Layout(type, names, Map.copyOf(index), sorted);
        }
    }

    @Override
    public CompositeType getCompositeType() {
        return layout.type;
    }

    @Override
    public Object get(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("Argument key cannot be a null or empty String.");
        }
        Integer i = layout.index.get(key);
        if (i == null) {
            throw new InvalidKeyException(
                    "Argument key=\"" + key + "\" is not an existing item name for this" + " CompositeData instance.");
        }
        return values[i];
    }

    @Override
    public Object[] getAll(String[] keys) {
        if (keys == null) {
            return new Object[0];
        }
        Object[] out = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
            out[i] = get(keys[i]);
        }
        return out;
    }

    @Override
    public boolean containsKey(String key) {
        return key != null && !key.isEmpty() && layout.index.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        for (Object v : values) {
            if (Objects.equals(v, value)) {
                return true;
            }
        }
        return false;
    }

    /** In the order of the type's item names, as {@link CompositeDataSupport#values()}. */
    @Override
    public Collection<?> values() {
        int[] sorted = layout.sorted;
        Object[] out = new Object[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            out[i] = values[sorted[i]];
        }
        return Collections.unmodifiableList(Arrays.asList(out));
    }

    /** As {@link CompositeDataSupport#equals}: the same type and equal values, whatever the class. */
    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (!(obj instanceof CompositeData other) || !layout.type.equals(other.getCompositeType())) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (!Objects.deepEquals(values[i], other.get(layout.names[i]))) {
                return false;
            }
        }
        return true;
    }

    /** As {@link CompositeDataSupport#hashCode}: the type's hash plus the values' (none is an array). */
    @Override
    public int hashCode() {
        int h = layout.type.hashCode();
        for (Object v : values) {
            h += v == null ? 0 : v.hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        return support().toString();
    }

    private CompositeDataSupport support() {
        try {
            return new CompositeDataSupport(layout.type, layout.names, values);
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain CompositeDataSupport on the wire: a JMX client has none of our classes. */
    @Serial
    private Object writeReplace() throws ObjectStreamException {
        try {
            return new CompositeDataSupport(layout.type, layout.names, values);
        } catch (OpenDataException e) {
            throw new InvalidObjectException(e.getMessage());
        }
    }
}
