package taskmaster.jconsole;

import static org.assertj.core.api.Assertions.assertThat;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.StandardMBean;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.ObjectNames;

/**
 * The event-log tail against a bean that has {@code readLog(long offset, int length)} (the
 * operation a later contract adds to the Supervisor): the tab asks for the last bytes the way
 * supervisorctl's maintail does (negative offset, length 0), and shows nothing it does not have.
 */
class TaskmasterClientTest {

    /** A stand-in Supervisor with only readLog. */
    public interface LogMBean {
        String readLog(long offset, int length);
    }

    @Test
    void readsTheTailThroughReadLogWhenTheDaemonHasIt() throws Exception {
        MBeanServer mbs = MBeanServerFactory.newMBeanServer();
        long[] asked = new long[2];
        mbs.registerMBean(
                new StandardMBean(
                        (LogMBean) (offset, length) -> {
                            asked[0] = offset;
                            asked[1] = length;
                            return "2026-11-21 22:00:00.000 INFO  spawned: 'web' with pid 42\n";
                        },
                        LogMBean.class),
                ObjectNames.SUPERVISOR);
        TaskmasterClient client = new TaskmasterClient(mbs);
        assertThat(client.hasReadLog()).isTrue();
        assertThat(client.logTail()).hasValue("2026-11-21 22:00:00.000 INFO  spawned: 'web' with pid 42\n");
        assertThat(asked).containsExactly(-TaskmasterClient.TAIL_BYTES, 0);
    }

    @Test
    void saysSoWhenTheDaemonHasNoReadLog() throws Exception {
        MBeanServer mbs = MBeanServerFactory.newMBeanServer();
        mbs.registerMBean(
                new StandardMBean(
                        new Runnable() {
                            @Override
                            public void run() {}
                        },
                        Runnable.class),
                ObjectNames.SUPERVISOR);
        TaskmasterClient client = new TaskmasterClient(mbs);
        assertThat(client.hasReadLog()).isFalse();
        assertThat(client.logTail()).isEmpty();
    }
}
