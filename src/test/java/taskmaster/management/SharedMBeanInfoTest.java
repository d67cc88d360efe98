package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.ProcessMXBean;
import taskmaster.mbeans.ProgramMXBean;

/**
 * A thousand Process beans hold one MBeanInfo between them (each building its own cost about 3 MB
 * of heap at 1000), and the shared one still carries the descriptions and parameter names that
 * JConsole and Jolokia's {@code list} show.
 */
class SharedMBeanInfoTest {

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();

    /** A Process bean made as BeanRegistry makes it: its own emitter, with the three notification kinds. */
    private ObjectName process(String name) throws Exception {
        ObjectName on = ObjectNames.process("many", name);
        server.registerMBean(
                new DescribedMBean<>(
                        new ProcessBean(null, name, "many", "many"),
                        ProcessMXBean.class,
                        new NotificationBroadcasterSupport(
                                BeanRegistry.STATE_CHANGE_INFO, BeanRegistry.RESTART_INFO, BeanRegistry.OUTPUT_INFO)),
                on);
        return on;
    }

    @Test
    void aThousandProcessBeansShareOneMBeanInfoInstance() throws Exception {
        List<ObjectName> names = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            names.add(process("many_" + i));
        }
        MBeanInfo first = server.getMBeanInfo(names.get(0));
        for (ObjectName on : names) {
            assertThat(server.getMBeanInfo(on)).as("%s", on).isSameAs(first);
        }
    }

    @Test
    void theSharedInfoKeepsTheDescriptionsParameterNamesAndNotifications() throws Exception {
        process("a");
        MBeanInfo info = server.getMBeanInfo(process("b"));
        assertThat(info.getDescription()).startsWith("One supervised process:");
        assertThat(Arrays.stream(info.getAttributes()).filter(a -> a.getName().equals("Pid")))
                .singleElement()
                .satisfies(a -> assertThat(a.getDescription()).isEqualTo("The process id, 0 when not running."));
        MBeanOperationInfo signal = Arrays.stream(info.getOperations())
                .filter(o -> o.getName().equals("signal"))
                .findFirst()
                .orElseThrow();
        assertThat(signal.getDescription()).isEqualTo("Sends a signal to the running process.");
        MBeanParameterInfo p = signal.getSignature()[0];
        assertThat(p.getName()).isEqualTo("signal");
        assertThat(p.getDescription()).startsWith("A signal name or number");
        assertThat(info.getConstructors()).isEmpty();
        assertThat(Arrays.stream(info.getNotifications()).map(MBeanNotificationInfo::getName))
                .containsExactly(
                        BeanRegistry.STATE_CHANGE_INFO.getName(),
                        BeanRegistry.RESTART_INFO.getName(),
                        BeanRegistry.OUTPUT_INFO.getName());
    }

    /** The info is shared by beans of one kind only: a Program bean, or other notifications, get their own. */
    @Test
    void beansOfAnotherKindOrOtherNotificationsHaveTheirOwnInfo() throws Exception {
        MBeanInfo process = server.getMBeanInfo(process("a"));
        ObjectName program = ObjectNames.program("many");
        server.registerMBean(
                new DescribedMBean<>(
                        new ProgramBean(null, null, "many"), ProgramMXBean.class, new NotificationBroadcasterSupport()),
                program);
        ObjectName quiet = ObjectNames.process("quiet", "quiet");
        server.registerMBean(
                new DescribedMBean<>(
                        new ProcessBean(null, "quiet", "quiet", "quiet"),
                        ProcessMXBean.class,
                        new NotificationBroadcasterSupport()),
                quiet);
        MBeanInfo programInfo = server.getMBeanInfo(program);
        assertThat(programInfo).isNotSameAs(process);
        assertThat(programInfo.getClassName()).isEqualTo(ProgramBean.class.getName());
        assertThat(server.getMBeanInfo(quiet)).isNotSameAs(process);
        assertThat(server.getMBeanInfo(quiet).getNotifications()).isEmpty();
        assertThat(process.getNotifications()).hasSize(3);
    }
}
