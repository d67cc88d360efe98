package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/**
 * {@code taskmasterctl events} against real daemons: pushed over Server-Sent Events by the daemon
 * as it ships (its log names the stream it opened), pulled from one whose policy allows POST only
 * (the stream's GET refused), the same lines either way.
 */
class EventsPushTest {

    static final String PROGRAMS = "[one]\ncmd = sleep 100000\nstarttime = 0\n";
    static final String LINE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3} one [A-Z]+ -> [A-Z]+( pid \\d+)?";

    /** Runs {@code events --count 2}, restarting one until it has seen two changes. */
    static Run twoEvents(TestDaemon d) throws Exception {
        CompletableFuture<Run> events = CompletableFuture.supplyAsync(() -> Run.ctl(d, "events", "--count", "2"));
        await().atMost(TestDaemon.BOUND).pollInterval(Duration.ofMillis(300)).until(() -> {
            Run.ctl(d, "restart", "one");
            return events.isDone();
        });
        Run r = events.get();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().toList())
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).matches(LINE));
        return r;
    }

    @Test
    void eventsArePushedOverSseByTheDaemonAsItShips(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir).programs(PROGRAMS).start().awaitUrl()) {
            d.awaitState("taskmaster:type=Process,program=one,name=one", "RUNNING");
            Run r = twoEvents(d);
            assertThat(r.err()).isEmpty();
            String client = d.awaitLog("jolokia: notification client (\\S+) opened its event stream \\(SSE\\)");
            // the client is gone once events has returned: unregistered, and so its stream ended
            d.awaitLog("jolokia: the event stream of notification client " + client + " ended");
        }
    }

    @Test
    void eventsArePulledWhenTheStreamIsRefused(@TempDir Path dir) throws Exception {
        // Jolokia's own policy refuses every GET, so the stream cannot open; pull is POST
        String shipped = Files.readString(Path.of("..", "conf", "jolokia-access.xml"));
        Path policy = dir.resolve("post-only.xml");
        Files.writeString(
                policy, shipped.replace("<restrict>", "<restrict>\n  <http>\n    <method>post</method>\n  </http>"));
        try (TestDaemon d = TestDaemon.in(dir)
                .keys("jolokia_policy = " + policy)
                .programs(PROGRAMS)
                .start()
                .awaitUrl()) {
            d.awaitState("taskmaster:type=Process,program=one,name=one", "RUNNING");
            twoEvents(d);
            assertThat(d.log()).doesNotContain("opened its event stream");
        }
    }
}
