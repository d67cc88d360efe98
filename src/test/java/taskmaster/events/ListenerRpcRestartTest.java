package taskmaster.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.RealSupervisord;
import taskmaster.testing.SupervisorPython;
import taskmaster.testing.TestDaemon;

/**
 * A listener that restarts a program through XML-RPC each time it exits, as superlance's memmon
 * and httpok do: on {@code PROCESS_STATE_EXITED} it calls {@code supervisor.startProcess} through
 * {@code childutils.getRPCInterface(os.environ)}. That takes the daemon's XML-RPC server on the
 * configuration's {@code [unix_http_server]} and {@code SUPERVISOR_SERVER_URL} in the listener's
 * environment. Checked against a real supervisord first, so the test itself is known right.
 */
class ListenerRpcRestartTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    static String programs(Path dir) {
        return """
            [unix_http_server]
            file = %1$s/rpc.sock

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [supervisorctl]
            serverurl = unix://%1$s/rpc.sock

            [eventlistener:restarter]
            command = /usr/bin/python3 %2$s victim %1$s/restarts.txt
            events = PROCESS_STATE_EXITED
            stderr_logfile = %1$s/restarter.err

            [program:victim]
            command = /bin/sh -c "echo started >> %1$s/starts.txt; sleep 1.2; exit 0"
            startsecs = 1
            autorestart = false
            stdout_logfile = NONE
            stderr_logfile = NONE
            """.formatted(dir, SupervisorPython.resource(ListenerRpcRestartTest.class, "restarter.py"));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Waits for two restarts by the listener (three starts of the victim), failing at once on its error. */
    private static void awaitRestarts(Path dir, Runnable alive) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).until(() -> {
            alive.run();
            String restarts = read(dir.resolve("restarts.txt"));
            assertThat(restarts)
                    .as("the listener's RPC failed; its stderr:\n%s", read(dir.resolve("restarter.err")))
                    .doesNotContain("error:");
            List<String> starts = read(dir.resolve("starts.txt")).lines().toList();
            return restarts.lines().filter(l -> l.equals("restarted victim")).count() >= 2 && starts.size() >= 3;
        });
    }

    @Test
    void underARealSupervisordTheListenerRestartsTheProgram(@TempDir Path dir) throws Exception {
        SupervisorPython.assertInstalled();
        try (RealSupervisord s = RealSupervisord.startWith(dir, programs(dir))) {
            awaitRestarts(dir, s::assertAlive);
            s.shutdown();
        }
    }

    @Test
    void underTaskmasterdTheListenerRestartsTheProgramThroughXmlRpc(@TempDir Path dir) throws Exception {
        SupervisorPython.assertInstalled();
        try (TestDaemon d = TestDaemon.in(dir).programs(programs(dir)).start()) {
            awaitRestarts(dir, () -> {
                if (!d.process.isAlive()) {
                    throw new AssertionError("taskmasterd died:\n" + d.console() + "\n" + d.log());
                }
            });
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }
}
