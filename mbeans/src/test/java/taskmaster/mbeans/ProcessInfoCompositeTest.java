package taskmaster.mbeans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.InvalidKeyException;
import org.junit.jupiter.api.Test;

/**
 * ProcessInfo maps itself to a CompositeData (a full status maps a thousand per read): what it makes
 * must be what the JDK's MXBean mapping makes of the record, value for value, on the wire too.
 */
class ProcessInfoCompositeTest {

    public interface ListMXBean {
        List<ProcessInfo> getProcesses();
    }

    /** Not kept by the factory: nothing to release. */
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();

    private static final ObjectName NAME = name();

    private static ObjectName name() {
        try {
            return new ObjectName("test:type=List");
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    static final List<ProcessInfo> INFOS = List.of(
            new ProcessInfo(
                    "web:web_00",
                    "web",
                    "web",
                    ProcessState.RUNNING,
                    4242,
                    "pid 4242, uptime 0:01:02",
                    1_700_000_000_123L,
                    -1,
                    3,
                    "",
                    true,
                    WantedSource.OPERATOR,
                    Health.HEALTHY,
                    1_700_000_001_000L,
                    true,
                    "HTTP 200 \"ok\" é",
                    0,
                    "db,cache",
                    "ready: 12 workers"),
            ProcessInfo.notStarted("manual", "manual", "manual", false),
            new ProcessInfo(
                    "broken",
                    "broken",
                    "g",
                    ProcessState.FATAL,
                    0,
                    "spawn error: no such file",
                    0,
                    127,
                    2,
                    "no such file",
                    true,
                    WantedSource.PERSISTED,
                    Health.NONE,
                    0,
                    false,
                    "",
                    4,
                    "",
                    ""));

    private CompositeData[] served() throws Exception {
        ListMXBean bean = () -> INFOS;
        server.registerMBean(new javax.management.StandardMBean(bean, ListMXBean.class, true), NAME);
        return (CompositeData[]) server.getAttribute(NAME, "Processes");
    }

    /** The JDK's mapping of a record with no CompositeDataView: each component, an enum as its name. */
    private static CompositeData reference(CompositeData served, ProcessInfo info) throws Exception {
        Map<String, Object> items = new LinkedHashMap<>();
        for (RecordComponent c : ProcessInfo.class.getRecordComponents()) {
            Object v = c.getAccessor().invoke(info);
            items.put(c.getName(), v instanceof Enum<?> e ? e.name() : v);
        }
        return new CompositeDataSupport(served.getCompositeType(), items);
    }

    @Test
    void itMapsAsTheJdkMappingDoes() throws Exception {
        CompositeData[] served = served();
        assertThat(served).hasSize(INFOS.size());
        for (int i = 0; i < served.length; i++) {
            CompositeData expected = reference(served[i], INFOS.get(i));
            CompositeData got = served[i];
            assertThat(got).isEqualTo(expected);
            assertThat(expected).isEqualTo(got);
            assertThat(got.hashCode()).isEqualTo(expected.hashCode());
            assertThat(got.toString()).isEqualTo(expected.toString());
            assertThat(List.copyOf(got.values())).isEqualTo(List.copyOf(expected.values()));
            for (String key : expected.getCompositeType().keySet()) {
                assertThat(got.containsKey(key)).isTrue();
                assertThat(got.get(key)).isEqualTo(expected.get(key));
            }
            assertThat(got.getAll(new String[] {"state", "name"}))
                    .containsExactly(expected.get("state"), expected.get("name"));
            assertThat(got.containsKey("nope")).isFalse();
            assertThatThrownBy(() -> got.get("nope")).isInstanceOf(InvalidKeyException.class);
        }
        assertThat(served[0].get("state")).isEqualTo("RUNNING");
        assertThat(served[0].get("pid")).isEqualTo(4242L);
        assertThat(served[0].get("exitStatus")).isEqualTo(-1);
        assertThat(served[0].get("wanted")).isEqualTo(true);
    }

    @Test
    void onTheWireItIsAPlainCompositeDataSupport() throws Exception {
        CompositeData got = served()[0];
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(got);
        }
        Object read;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            read = in.readObject();
        }
        assertThat(read).isExactlyInstanceOf(CompositeDataSupport.class).isEqualTo(got);
    }

    @Test
    void aProxyReadsTheRecordsBack() throws Exception {
        served();
        ListMXBean proxy = JMX.newMXBeanProxy(server, NAME, ListMXBean.class);
        assertThat(proxy.getProcesses()).isEqualTo(INFOS);
    }
}
