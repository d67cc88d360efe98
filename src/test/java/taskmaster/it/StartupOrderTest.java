package taskmaster.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import taskmaster.testing.DaemonConfig;
import taskmaster.testing.TestDaemon;

/**
 * The start-up order in a real taskmasterd: the addresses are taken before any spawn, the beans
 * and Jolokia's services are built while the first programs spawn, and a TERM at any moment of
 * that leaves a clean exit 0 and no child. Many programs widen the windows between the phases.
 */
class StartupOrderTest {

    /** Enough programs that the spawn burst overlaps the registration of their beans. */
    private static final int MANY = 200;

    private static final Pattern PHASE = Pattern.compile("start-up: (.+) at \\+(\\d+\\.\\d{3}) s$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    private static String programs(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("[program:p").append(i).append("]\ncommand = /bin/sleep 100000\nstartsecs = 0\n\n");
        }
        return b.toString();
    }

    private DaemonConfig many() {
        return TestDaemon.in(dir).keys("loglevel = debug").programs(programs(MANY));
    }

    /** The phases the event log printed, in its order, with their offsets. */
    private static List<Map.Entry<String, Double>> phases(String log) {
        List<Map.Entry<String, Double>> out = new ArrayList<>();
        Matcher m = PHASE.matcher(log);
        while (m.find()) {
            out.add(Map.entry(m.group(1), Double.parseDouble(m.group(2))));
        }
        return out;
    }

    @Test
    void theTimelinePrintsEveryPhaseOnceInOrderWithItsOffset() throws Exception {
        try (TestDaemon d = many().start()) {
            d.awaitLog("start-up: all starts begun at");
            d.awaitLog("start-up: Jolokia ready at");
            List<Map.Entry<String, Double>> phases = phases(d.log());
            List<String> names = phases.stream().map(Map.Entry::getKey).toList();
            assertThat(names)
                    .containsExactlyInAnyOrder(
                            "main",
                            "signals handled",
                            "config read",
                            "engine built",
                            "addresses bound",
                            "first spawn",
                            "beans registered",
                            "Jolokia prepared",
                            "Jolokia ready",
                            "all starts begun");
            // The boot's own chain, and the management thread's; the two run side by side.
            assertThat(names)
                    .containsSubsequence(
                            "main", "signals handled", "config read", "engine built", "addresses bound", "first spawn")
                    .containsSubsequence("addresses bound", "beans registered", "Jolokia prepared", "Jolokia ready");
            // Offsets from the launch: positive (the JVM's boot is in them) and never going back.
            List<Double> offsets = phases.stream().map(Map.Entry::getValue).toList();
            assertThat(offsets.getFirst()).isPositive();
            assertThat(offsets).isSorted();
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    @Test
    void atInfoThereIsNoTimeline() throws Exception {
        try (TestDaemon d = TestDaemon.in(dir).programs(programs(1)).start().awaitUrl()) {
            d.awaitLog("spawned: 'p0'");
            d.read("taskmaster:type=Supervisor", "State");
            assertThat(d.log()).doesNotContain("start-up:");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * A TERM before the first spawn, while the beans are registered, while Jolokia is built, once
     * it answers, and once every start has begun: always exit 0, and no child outlives the daemon.
     */
    @ParameterizedTest
    @ValueSource(strings = {"addresses bound", "first spawn", "beans registered", "Jolokia ready", "all starts begun"})
    void aTermAtAnyMomentOfTheStartUpExitsZeroAndLeavesNoChild(String phase) throws Exception {
        try (TestDaemon d = many().start()) {
            d.awaitLog("start-up: " + Pattern.quote(phase) + " at");
            d.signal("TERM");
            assertThat(d.awaitExit()).as(d.log()).isZero();
            assertThat(d.children()).isEmpty();
            assertThat(d.log())
                    .contains("shutdown complete; taskmasterd exits with status 0")
                    .doesNotContain("could not start", "internal error");
            assertThat(d.console()).doesNotContain("exit status");
        }
    }

    @Test
    void aBusyPortRefusesBeforeAnySpawn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            DaemonConfig conf = many().keys("jolokia_port = " + taken.getLocalPort());
            try (TestDaemon d = conf.start()) {
                assertThat(d.awaitExit()).isEqualTo(1);
                assertThat(d.console()).contains("not started: jolokia: cannot serve on");
                assertThat(d.log()).doesNotContain("spawned:", "start-up: first spawn");
                assertThat(d.children()).isEmpty();
            }
        }
    }

    /** A policy of the user's that is no XML is refused before any spawn, naming the file and line. */
    @Test
    void aPolicyThatIsNoXmlRefusesBeforeAnySpawn() throws Exception {
        Path policy = dir.resolve("broken-policy.xml");
        Files.writeString(policy, "<restrict>\n<this is not xml\n");
        try (TestDaemon d = many().keys("jolokia_policy = " + policy).start()) {
            assertThat(d.awaitExit()).isNotZero();
            assertThat(d.console()).contains("jolokia_policy " + policy + ":2: not well-formed XML");
            assertThat(d.log()).doesNotContain("spawned:", "start-up: first spawn");
            assertThat(d.children()).isEmpty();
        }
    }

    /**
     * A step of the deferred start-up that fails (here Jolokia's restrictor, on a well-formed
     * policy allowing an HTTP method Jolokia does not have) ends the daemon: every program spawned
     * meanwhile is stopped, exit 1, and one line on the console says why.
     */
    @Test
    void aFailureOfTheDeferredStartUpStopsEverythingAndExitsOne() throws Exception {
        Path policy = dir.resolve("bad-method-policy.xml");
        Files.writeString(policy, "<restrict><http><method>frob</method></http></restrict>\n");
        try (TestDaemon d = many().keys("jolokia_policy = " + policy).start()) {
            assertThat(d.awaitExit()).isEqualTo(1);
            assertThat(d.children()).isEmpty();
            List<String> console = d.console().lines().toList();
            assertThat(console.getLast())
                    .startsWith("taskmasterd: exit status 1: the management plane could not start: jolokia:");
            assertThat(d.log())
                    .containsPattern("ERROR +the management plane could not start: jolokia: cannot start its services")
                    .contains("shutdown complete; taskmasterd exits with status 1");
        }
    }
}
