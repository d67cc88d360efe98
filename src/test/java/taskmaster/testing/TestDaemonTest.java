package taskmaster.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself: a port of its own, a dead daemon noticed at once, nothing left after close. */
class TestDaemonTest {

    static final String PROGRAM = "[one]\ncmd = sleep 100000\nstarttime = 0\n";

    /** Jolokia's default port, held here when it is free, as a demo daemon would hold it. */
    @Test
    void servesJolokiaOnAPortOfItsOwnWhileAnotherProcessHoldsTheDefault(@TempDir Path dir) throws Exception {
        try (ServerSocket demo = holdIfFree(8778);
                TestDaemon d = TestDaemon.in(dir).programs(PROGRAM).start().awaitUrl()) {
            int port = URI.create(d.url).getPort();
            assertThat(port).isPositive().isNotEqualTo(8778);
            d.awaitState("taskmaster:type=Process,program=one,name=one", "RUNNING");
        }
    }

    @Test
    void aWaitOnADaemonThatDiedFailsAtOnceWithWhatItSaid(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                TestDaemon d = TestDaemon.in(dir)
                        .keys("jolokia_port = " + taken.getLocalPort())
                        .programs(PROGRAM)
                        .start()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> d.awaitLog("this line is never logged"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("taskmasterd exited")
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
            assertThatThrownBy(d::awaitUrl)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("taskmasterd exited");
            // Far within the bound (a minute): the daemon's exit is seen, not waited out.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TestDaemon.BOUND.dividedBy(2));
        }
    }

    @Test
    void closeLeavesNeitherTheDaemonNorItsGuardNorAChild(@TempDir Path dir) throws Exception {
        TestDaemon d = TestDaemon.in(dir).programs("""
            [stubborn]
            cmd = sh -c 'trap "" TERM; sleep 100001 & sleep 100002 & wait'
            starttime = 0
            stoptime = 1
            """).start();
        List<ProcessHandle> guards;
        try {
            d.awaitLog("success: stubborn entered RUNNING");
            assertThat(d.children()).hasSize(3);
            guards = d.guards();
            assertThat(guards).hasSize(1);
        } finally {
            d.close();
        }
        assertThat(d.process.isAlive()).isFalse();
        assertThat(guards).noneMatch(ProcessHandle::isAlive);
        assertThat(d.children()).isEmpty();
    }

    private static ServerSocket holdIfFree(int port) throws IOException {
        try {
            return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
        } catch (BindException e) {
            return null; // someone else holds it: the same situation
        }
    }
}
