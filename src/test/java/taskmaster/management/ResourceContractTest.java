package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeType;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.ProcessMXBean;
import taskmaster.mbeans.ProgramMXBean;
import taskmaster.mbeans.ResourceInfo;
import taskmaster.mbeans.SupervisorMXBean;

/**
 * The resource attributes as a JMX client sees them before reading any: valid open types, the
 * names the other tools code against, and a description each that says its unit.
 */
class ResourceContractTest {

    static final List<String> FIGURES = List.of(
            "CpuUserSeconds",
            "CpuSystemSeconds",
            "CpuPercent",
            "MemoryRss",
            "MemoryPss",
            "Threads",
            "OpenFiles",
            "IoReadBytes",
            "IoWriteBytes",
            "ProcessCount",
            "StdoutBytes",
            "StderrBytes");

    static final List<String> DAEMON = List.of(
            "DaemonCpuSeconds",
            "DaemonCpuPercent",
            "DaemonMemoryRss",
            "DaemonThreads",
            "DaemonOpenFiles",
            "SampleInterval",
            "Resources");

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();

    private Map<String, MBeanAttributeInfo> attributes(Object bean, Class<?> type, ObjectName on) throws Exception {
        @SuppressWarnings({"unchecked", "rawtypes"})
        DescribedMBean<?> m = new DescribedMBean(bean, type, new NotificationBroadcasterSupport());
        server.registerMBean(m, on);
        return Arrays.stream(server.getMBeanInfo(on).getAttributes())
                .collect(Collectors.toMap(MBeanAttributeInfo::getName, a -> a));
    }

    @Test
    void everyBeanHasTheFiguresEachDescribedWithItsUnit() throws Exception {
        Map<String, MBeanAttributeInfo> process = attributes(
                new ProcessBean(null, "web", "web", "web"), ProcessMXBean.class, ObjectNames.process("web", "web"));
        Map<String, MBeanAttributeInfo> program =
                attributes(new ProgramBean(null, null, "web"), ProgramMXBean.class, ObjectNames.program("web"));
        Map<String, MBeanAttributeInfo> supervisor = attributes(
                new SupervisorBean(null, null, "test", 0, java.nio.file.Path.of("t.conf")),
                SupervisorMXBean.class,
                ObjectNames.SUPERVISOR);
        assertThat(process).containsKeys(FIGURES.toArray(String[]::new)).containsKey("SampledAt");
        assertThat(program).containsKeys(FIGURES.toArray(String[]::new)).doesNotContainKey("SampledAt");
        assertThat(supervisor)
                .containsKeys(FIGURES.toArray(String[]::new))
                .containsKeys(DAEMON.toArray(String[]::new));
        for (Map<String, MBeanAttributeInfo> bean : List.of(process, program, supervisor)) {
            for (String a : FIGURES) {
                MBeanAttributeInfo i = bean.get(a);
                assertThat(i.isWritable()).as(a).isFalse();
                assertThat(i.getDescription()).as(a).isNotBlank().isNotEqualTo(a);
            }
            assertThat(bean.get("MemoryRss").getDescription()).contains("bytes");
            assertThat(bean.get("MemoryPss").getDescription()).contains("bytes");
            assertThat(bean.get("CpuUserSeconds").getDescription()).contains("seconds");
            assertThat(bean.get("CpuPercent").getDescription()).contains("percent of one core");
            assertThat(bean.get("OpenFiles").getDescription()).contains("-1");
        }
        assertThat(process.get("MemoryRss").getDescription()).contains("0 when not running");
        assertThat(process.get("MemoryRss").getType()).isEqualTo("long");
        assertThat(process.get("CpuPercent").getType()).isEqualTo("double");
        assertThat(process.get("Threads").getType()).isEqualTo("int");
        for (String a : DAEMON) {
            assertThat(supervisor.get(a).getDescription()).as(a).isNotBlank().isNotEqualTo(a);
        }
        assertThat(supervisor.get("SampleInterval").getDescription()).contains("Seconds");
        assertThat(supervisor.get("DaemonMemoryRss").getDescription()).contains("bytes");
    }

    @Test
    void resourcesAreAnArrayOfRowsWithEveryRecordComponent() throws Exception {
        Map<String, MBeanAttributeInfo> supervisor = attributes(
                new SupervisorBean(null, null, "test", 0, java.nio.file.Path.of("t.conf")),
                SupervisorMXBean.class,
                ObjectNames.SUPERVISOR);
        javax.management.openmbean.OpenType<?> t = (javax.management.openmbean.OpenType<?>)
                supervisor.get("Resources").getDescriptor().getFieldValue("openType");
        assertThat(t).isInstanceOf(ArrayType.class);
        CompositeType row = (CompositeType) ((ArrayType<?>) t).getElementOpenType();
        assertThat(row.keySet())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ResourceInfo.class.getRecordComponents())
                        .map(java.lang.reflect.RecordComponent::getName)
                        .toList());
    }
}
