package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import org.jolokia.converter.json.ObjectToJsonConverter;
import org.jolokia.converter.object.ObjectToObjectConverter;
import org.jolokia.converter.object.ObjectToOpenTypeConverter;
import org.jolokia.core.service.serializer.SerializeOptions;
import org.jolokia.json.JSONWriter;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.Health;
import taskmaster.mbeans.ProcessInfo;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.WantedSource;

/**
 * The JSON of a full status ({@code Processes}) as Jolokia writes it, pinned: ProcessInfo maps
 * itself to a CompositeData of its own (for speed), and Jolokia must write that exactly as it
 * writes the JDK's mapping, byte for byte (taskmasterctl, the JConsole plugin and the Prometheus
 * exporter read it).
 */
class ProcessesJsonTest {

    public interface ListMXBean {
        List<ProcessInfo> getProcesses();
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
                    "HTTP 200 \"ok\" é\n",
                    0,
                    "db,cache",
                    "ready: 12 workers"),
            ProcessInfo.notStarted("manual", "manual", "manual", false));

    /**
     * The exact text of the second record, as Jolokia 2.6 writes it: its JSONObject is a HashMap, so
     * the keys come in that map's order, the same for every record.
     */
    static final String NOT_STARTED = "{\"healthOk\":false,\"description\":\"Not started\",\"health\":\"NONE\","
            + "\"healthFailures\":0,\"pid\":0,\"program\":\"manual\",\"restarts\":0,\"wantedSource\":\"CONFIG\","
            + "\"spawnError\":\"\",\"healthCheckedAt\":0,\"wanted\":false,\"waitingFor\":\"\",\"statusText\":\"\","
            + "\"name\":\"manual\",\"startTime\":0,\"state\":\"STOPPED\",\"exitStatus\":-1,\"group\":\"manual\","
            + "\"healthMessage\":\"\"}";

    private static String json(Object value) throws Exception {
        ObjectToObjectConverter objects = new ObjectToObjectConverter();
        ObjectToJsonConverter converter = new ObjectToJsonConverter(
                objects, new ObjectToOpenTypeConverter(objects, false), () -> "yyyy-MM-dd'T'HH:mm:ssXXX");
        Object converted = converter.serialize(value, List.of(), SerializeOptions.DEFAULT);
        StringWriter out = new StringWriter();
        JSONWriter.serialize(converted, out);
        return out.toString();
    }

    @Test
    void jolokiaWritesTheRecordsAsItWritesTheJdkMapping() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        ObjectName name = new ObjectName("test:type=List");
        ListMXBean bean = () -> INFOS;
        server.registerMBean(new StandardMBean(bean, ListMXBean.class, true), name);
        CompositeData[] served = (CompositeData[]) server.getAttribute(name, "Processes");

        List<CompositeData> reference = new ArrayList<>();
        for (int i = 0; i < served.length; i++) {
            Map<String, Object> items = new LinkedHashMap<>();
            for (RecordComponent c : ProcessInfo.class.getRecordComponents()) {
                Object v = c.getAccessor().invoke(INFOS.get(i));
                items.put(c.getName(), v instanceof Enum<?> e ? e.name() : v);
            }
            reference.add(new CompositeDataSupport(served[i].getCompositeType(), items));
        }
        String expected = json(reference.toArray(CompositeData[]::new));
        assertThat(json(served)).isEqualTo(expected);
        assertThat(json(served[1])).isEqualTo(NOT_STARTED);
        assertThat(json(served[0]))
                .contains("\"healthMessage\":\"HTTP 200 \\\"ok\\\" é\\n\"")
                .contains("\"pid\":4242,")
                .contains("\"state\":\"RUNNING\"");
    }
}
