package taskmaster.jconsole;

import static org.assertj.core.api.Assertions.assertThat;

import javax.management.AttributeChangeNotification;
import javax.management.MBeanServerNotification;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.ProcessState;

/**
 * The tab's reading of a state-change notification, built the way the daemon builds one (its
 * user data typed by {@link taskmaster.mbeans.StateChange}), without a daemon: which process, which state, which pid.
 */
class StateChangeTest {

    @Test
    void readsTheProcessTheNewStateAndThePid() throws Exception {
        StateChange c = StateChange.of(change("web", ProcessState.STARTING, ProcessState.RUNNING, 42))
                .orElseThrow();
        assertThat(c.process()).isEqualTo("web");
        assertThat(c.state()).isEqualTo(ProcessState.RUNNING);
        assertThat(c.pid()).isEqualTo(42);
        assertThat(c.time()).isEqualTo(1_000);
        assertThat(c.line()).matches("\\d\\d:\\d\\d:\\d\\d web: STARTING -> RUNNING \\(pid 42\\)");
    }

    @Test
    void aProcessWithoutAChildHasNoPidInItsLine() throws Exception {
        StateChange c = StateChange.of(change("web", ProcessState.STOPPING, ProcessState.STOPPED, 0))
                .orElseThrow();
        assertThat(c.pid()).isZero();
        assertThat(c.line()).endsWith(" web: STOPPING -> STOPPED");
    }

    @Test
    void anyOtherNotificationIsNoStateChange() {
        assertThat(StateChange.of(new MBeanServerNotification(
                        MBeanServerNotification.REGISTRATION_NOTIFICATION,
                        ObjectNames.SUPERVISOR,
                        1,
                        ObjectNames.process("web", "web"))))
                .isEmpty();
        assertThat(StateChange.of(new AttributeChangeNotification(
                        ObjectNames.SUPERVISOR,
                        1,
                        1_000,
                        "no data",
                        "State",
                        String.class.getName(),
                        "STOPPED",
                        "STARTING")))
                .isEmpty();
    }

    static AttributeChangeNotification change(String process, ProcessState from, ProcessState to, long pid)
            throws Exception {
        CompositeType type = new CompositeType(
                taskmaster.mbeans.StateChange.TYPE,
                "A process state change",
                taskmaster.mbeans.StateChange.ITEMS.toArray(String[]::new),
                taskmaster.mbeans.StateChange.ITEMS.toArray(String[]::new),
                new OpenType<?>[] {
                    SimpleType.STRING,
                    SimpleType.STRING,
                    SimpleType.STRING,
                    SimpleType.STRING,
                    SimpleType.LONG,
                    SimpleType.INTEGER,
                    SimpleType.LONG
                });
        AttributeChangeNotification n = new AttributeChangeNotification(
                ObjectNames.SUPERVISOR,
                1,
                1_000,
                process + ": " + from + " -> " + to,
                "State",
                String.class.getName(),
                from.name(),
                to.name());
        n.setUserData(new CompositeDataSupport(
                type,
                taskmaster.mbeans.StateChange.ITEMS.toArray(String[]::new),
                new Object[] {process, "prog-" + process, from.name(), to.name(), pid, -1, 1_000L}));
        return n;
    }
}
