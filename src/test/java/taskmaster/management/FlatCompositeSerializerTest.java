package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.jolokia.core.service.serializer.SerializeOptions;
import org.jolokia.json.JSONWriter;
import org.jolokia.json.parser.JSONParser;
import org.jolokia.json.parser.ParseException;
import org.jolokia.server.core.service.api.JolokiaService;
import org.jolokia.service.serializer.JolokiaSerializer;
import org.junit.jupiter.api.Test;

/**
 * FlatCompositeSerializer's records, once written by Jolokia's writer, are the bytes Jolokia's own
 * serializer and writer make, whatever the items and the options, and they read back as the tree
 * Jolokia builds; where they cannot be, it declines.
 */
class FlatCompositeSerializerTest {
    private static final JolokiaSerializer JOLOKIA = new JolokiaSerializer();

    private static String written(Object tree) throws Exception {
        StringWriter out = new StringWriter();
        JSONWriter.serialize(tree, out);
        return out.toString();
    }

    private static Object read(String json) throws Exception {
        return new JSONParser().parse(json);
    }

    @Test
    void aFullStatusIsWrittenAsJolokiaWritesIt() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        ObjectName name = new ObjectName("test:type=List");
        ProcessesJsonTest.ListMXBean bean = () -> ProcessesJsonTest.INFOS;
        server.registerMBean(new StandardMBean(bean, ProcessesJsonTest.ListMXBean.class, true), name);
        CompositeData[] served = (CompositeData[]) server.getAttribute(name, "Processes");

        Object fast = FlatCompositeSerializer.flat(served, SerializeOptions.DEFAULT);
        Object jolokia = JOLOKIA.serialize(served, List.of(), SerializeOptions.DEFAULT);
        assertThat(fast).isNotNull();
        assertThat(written(fast)).isEqualTo(written(jolokia)).contains(ProcessesJsonTest.NOT_STARTED);
        assertThat(read(written(fast))).isEqualTo(jolokia);
    }

    /**
     * Every control character is written as JSON has it and reads back as itself. Jolokia 2.6.0's
     * writer adds the low hex digit to '0': U+001F comes out as a backslash, u, 001 and a question
     * mark, which its own parser refuses.
     */
    @Test
    void everyControlCharacterIsWrittenSoThatItReadsBack() throws Exception {
        for (char c = 0; c < 0x20; c++) {
            String text = "a" + c + "b";
            StringBuilder ours = new StringBuilder();
            FlatCompositeSerializer.quote(ours, text);
            assertThat(read("[" + ours + "]")).as("U+%04X", (int) c).isEqualTo(List.of(text));
        }
        StringBuilder unit = new StringBuilder();
        FlatCompositeSerializer.quote(unit, "\u001f");
        assertThat(unit).hasToString("\"\\u001f\"");
        assertThat(written("\u001f")).isEqualTo("\"\\u001?\"");
        assertThatThrownBy(() -> read("[" + written("\u001f") + "]")).isInstanceOf(ParseException.class);
    }

    @Test
    void anItemOfAnotherKindIsLeftToJolokia() throws Exception {
        CompositeType type =
                new CompositeType("t", "t", new String[] {"a", "b"}, new String[] {"a", "b"}, new OpenType<?>[] {
                    SimpleType.STRING, SimpleType.DOUBLE
                });
        CompositeData[] records = {new CompositeDataSupport(type, new String[] {"a", "b"}, new Object[] {"x", 1.5})};
        assertThat(FlatCompositeSerializer.flat(records, SerializeOptions.DEFAULT))
                .isNull();
    }

    /** Jolokia asks for exactly one serializer: this one replaces Jolokia's, and keeps it behind. */
    @Test
    void itStandsInFrontOfJolokiasSerializerInItsPlace() {
        JolokiaSerializer jolokia = new JolokiaSerializer();
        Set<JolokiaService<?>> services = FlatCompositeSerializer.inFront(Set.of(jolokia));
        assertThat(services).singleElement().isInstanceOf(FlatCompositeSerializer.class);
        JolokiaService<?> front = services.iterator().next();
        assertThat(front.getOrder()).isEqualTo(jolokia.getOrder());
        assertThat(FlatCompositeSerializer.inFront(services)).containsExactly(front);
    }

    @Property(tries = 500)
    void theTreeIsJolokiasOrNone(
            @ForAll("records") CompositeData[] records, @ForAll("options") SerializeOptions options) throws Exception {
        Object fast = FlatCompositeSerializer.flat(records, options);
        Statistics.label("taken").collect(fast != null);
        if (fast != null) {
            Object jolokia = JOLOKIA.serialize(records, List.of(), options);
            assertThat(written(fast)).isEqualTo(written(jolokia));
            assertThat(read(written(fast))).isEqualTo(jolokia);
        }
    }

    /** Without limits, every record of simple items takes the short road: the property is not vacuous. */
    @Property(tries = 200)
    void withoutLimitsSimpleRecordsAreTaken(@ForAll("records") CompositeData[] records) {
        assertThat(FlatCompositeSerializer.flat(records, SerializeOptions.DEFAULT))
                .isNotNull();
    }

    @Provide
    Arbitrary<SerializeOptions> options() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, 6),
                        Arbitraries.integers().between(0, 12),
                        Arbitraries.of("number", "string"))
                .as((depth, size, objects, longs) -> new SerializeOptions.Builder()
                        .maxDepth(depth)
                        .maxCollectionSize(size)
                        .maxObjects(objects)
                        .serializeLong(longs)
                        .build());
    }

    private static final List<SimpleType<?>> KINDS = List.of(
            SimpleType.STRING,
            SimpleType.BOOLEAN,
            SimpleType.LONG,
            SimpleType.INTEGER,
            SimpleType.SHORT,
            SimpleType.BYTE);

    @Provide
    Arbitrary<CompositeData[]> records() {
        Arbitrary<List<SimpleType<?>>> layout =
                Arbitraries.of(KINDS).list().ofMinSize(1).ofMaxSize(6);
        return layout.flatMap(kinds -> {
            CompositeType type = typeOf(kinds);
            Arbitrary<CompositeData> record = Combinators.combine(kinds.stream()
                            .map(FlatCompositeSerializerTest::valueOf)
                            .toList())
                    .as(values -> dataOf(type, values));
            return Arbitraries.frequencyOf(
                            net.jqwik.api.Tuple.of(9, record), net.jqwik.api.Tuple.of(1, Arbitraries.just(null)))
                    .list()
                    .ofMaxSize(6)
                    .map(l -> l.toArray(CompositeData[]::new));
        });
    }

    private static Arbitrary<Object> valueOf(SimpleType<?> kind) {
        Arbitrary<?> v;
        if (kind == SimpleType.STRING) {
            v = Arbitraries.strings().ofMaxLength(12).withChars("aé\"\\\n\t\u0001/ {}");
        } else if (kind == SimpleType.BOOLEAN) {
            v = Arbitraries.of(true, false);
        } else if (kind == SimpleType.LONG) {
            v = Arbitraries.longs();
        } else if (kind == SimpleType.INTEGER) {
            v = Arbitraries.integers();
        } else if (kind == SimpleType.SHORT) {
            v = Arbitraries.shorts();
        } else {
            v = Arbitraries.bytes();
        }
        return v.map(x -> (Object) x).injectNull(0.1);
    }

    private static CompositeType typeOf(List<SimpleType<?>> kinds) {
        String[] names = new String[kinds.size()];
        for (int i = 0; i < names.length; i++) {
            // Not in sorted order, so that the type's own order of keys is what decides.
            names[i] = "k" + (char) ('z' - i) + i;
        }
        try {
            return new CompositeType("t", "t", names, names, kinds.toArray(OpenType<?>[]::new));
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompositeData dataOf(CompositeType type, List<Object> values) {
        Map<String, Object> items = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(type.keySet());
        // keySet is sorted; the names were made in another order: map them back by position.
        String[] made = new String[values.size()];
        for (int i = 0; i < made.length; i++) {
            made[i] = "k" + (char) ('z' - i) + i;
        }
        for (int i = 0; i < made.length; i++) {
            items.put(made[i], values.get(i));
        }
        assertThat(names).containsExactlyInAnyOrder(made);
        try {
            return new CompositeDataSupport(type, items);
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }
}
