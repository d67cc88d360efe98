package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.mbeans.OutputGrown;
import taskmaster.testing.TestDaemon;

/**
 * {@code tail -f} told of new output: the Process bean's {@code taskmaster.process.output}
 * notices (sent, coalesced, seen by a JMX listener over RMI), {@code tail -f} reading on them over
 * Server-Sent Events from the daemon as it ships, and polling, the same bytes, from one whose
 * policy allows POST only.
 */
class TailPushTest {

    static final String PROGRAMS = """
        [echo]
        cmd = sh -c 'while read l; do echo "got $l"; done'
        starttime = 0
        stdin = pipe
        stdout = %(here)s/echo.out
        [burst]
        cmd = sh -c 'i=0; while [ $i -lt 1000 ]; do echo "line $i"; i=$((i+1)); done; exec sleep 100000'
        starttime = 0
        autostart = false
        stdout = %(here)s/burst.out
        """;
    static final String ECHO = "taskmaster:type=Process,program=echo,name=echo";
    static final String BURST = "taskmaster:type=Process,program=burst,name=burst";

    /** taskmasterctl in a thread, with its output readable while it runs. */
    static final class Background {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger code = new AtomicInteger(-1);
        final Thread thread;

        Background(TestDaemon d, String... args) {
            String[] all = new String[args.length + 2];
            all[0] = "-c";
            all[1] = d.conf.toString();
            System.arraycopy(args, 0, all, 2, args.length);
            thread = Thread.ofPlatform()
                    .name("ctl-under-test")
                    .start(() -> code.set(Main.run(all, new PrintWriter(out), new PrintWriter(err), Map.of())));
        }

        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(TestDaemon.BOUND.toMillis());
            assertThat(thread.isAlive()).as("still running:\n" + out + err).isFalse();
            return code.get();
        }
    }

    /** Sends lines to echo until tail -f has printed every one, then checks it printed the file exactly. */
    static void followsEcho(TestDaemon d, Background tail) throws Exception {
        for (int i = 1; i <= 3; i++) {
            String line = "hello " + i;
            d.exec(ECHO, "sendStdin", line + "\n");
            await().atMost(TestDaemon.BOUND)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> tail.out.toString().endsWith("got " + line + "\n"));
        }
        assertThat(tail.out.toString()).isEqualTo(Files.readString(d.dir.resolve("echo.out")));
        assertThat(tail.out.toString()).isEqualTo("got hello 1\ngot hello 2\ngot hello 3\n");
    }

    @Test
    void theProcessBeanSendsCoalescedOutputNotices(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir)
                .jmx(TestDaemon.JMX_USERS)
                .programs(PROGRAMS)
                .start()
                .awaitUrl()
                .awaitJmx()) {
            d.awaitState(ECHO, "RUNNING");
            List<Notification> got = new CopyOnWriteArrayList<>();
            List<Notification> states = new CopyOnWriteArrayList<>();
            NotificationListener listener =
                    (n, h) -> (n.getType().equals(OutputGrown.NOTIFICATION) ? got : states).add(n);
            try (JMXConnector c = d.connect()) {
                MBeanServerConnection s = c.getMBeanServerConnection();
                ObjectName burst = new ObjectName(BURST);
                assertThat(s.getMBeanInfo(burst).getNotifications())
                        .flatExtracting(i -> List.of(i.getNotifTypes()))
                        .contains(OutputGrown.NOTIFICATION);
                s.addNotificationListener(burst, listener, null, null);
                Run started = Run.ctl(d, "start", "burst");
                assertThat(started.code()).as(started.out() + started.err()).isZero();
                long total = 0;
                for (int i = 0; i < 1000; i++) {
                    total += ("line " + i + "\n").length();
                }
                long bytes = total;
                await().atMost(TestDaemon.BOUND)
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> !got.isEmpty()
                                && ((CompositeData) got.getLast().getUserData())
                                        .get(OutputGrown.BYTES)
                                        .equals(bytes));
                Notification last = got.getLast();
                CompositeData data = (CompositeData) last.getUserData();
                assertThat(last.getType()).isEqualTo(OutputGrown.NOTIFICATION);
                assertThat(last.getSource().toString()).isEqualTo(BURST);
                assertThat(data.get(OutputGrown.PROCESS)).isEqualTo("burst");
                assertThat(data.get(OutputGrown.STREAM)).isEqualTo("stdout");
                assertThat(last.getMessage()).isEqualTo("burst: stdout " + bytes + " bytes");
                // 1000 lines, written as fast as sh can: a notice a quarter of a second, not one a line
                assertThat(got).hasSizeLessThan(50);
                assertThat(states).isNotEmpty(); // the bean's other notifications still come, as they did
                s.removeNotificationListener(burst, listener);
            }
        }
    }

    @Test
    void tailFollowsByPushFromTheDaemonAsItShips(@TempDir Path dir) throws Exception {
        Duration safety = LogFollower.safetyPoll;
        // reads between notices so rare that only the notices explain the lines coming in time
        LogFollower.safetyPoll = Duration.ofMinutes(10);
        try (TestDaemon d = TestDaemon.in(dir).programs(PROGRAMS).start().awaitUrl()) {
            d.awaitState(ECHO, "RUNNING");
            Background tail = new Background(d, "tail", "-f", "echo");
            try {
                String client = d.awaitLog("jolokia: notification client (\\S+) opened its event stream \\(SSE\\)");
                followsEcho(d, tail);
                assertThat(tail.stop()).isEqualTo(Exit.OK);
                assertThat(tail.err.toString()).isEmpty();
                // unregistered on exit, and so its stream ended
                d.awaitLog("jolokia: the event stream of notification client " + client + " ended");
            } finally {
                tail.stop();
            }
        } finally {
            LogFollower.safetyPoll = safety;
        }
    }

    @Test
    void tailFollowsByPollingWhenTheStreamIsRefused(@TempDir Path dir) throws Exception {
        String shipped = Files.readString(Path.of("..", "conf", "jolokia-access.xml"));
        Path policy = dir.resolve("post-only.xml");
        Files.writeString(
                policy, shipped.replace("<restrict>", "<restrict>\n  <http>\n    <method>post</method>\n  </http>"));
        try (TestDaemon d = TestDaemon.in(dir)
                .keys("jolokia_policy = " + policy)
                .programs(PROGRAMS)
                .start()
                .awaitUrl()) {
            d.awaitState(ECHO, "RUNNING");
            Background tail = new Background(d, "tail", "-f", "echo");
            try {
                followsEcho(d, tail);
                assertThat(d.log()).doesNotContain("opened its event stream");
            } finally {
                assertThat(tail.stop()).isEqualTo(Exit.OK);
            }
        }
    }
}
