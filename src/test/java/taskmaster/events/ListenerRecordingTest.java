package taskmaster.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.RealSupervisord;
import taskmaster.testing.SupervisorPython;
import taskmaster.testing.TestDaemon;

/**
 * An event listener written on {@code supervisor.childutils} records every event it gets under a
 * real supervisord and under taskmasterd, for the same programs: one that stays up, one that
 * crashes, one that cannot start, one that ends as expected, then a shutdown. Both recordings
 * must hold the same events with the same headers and payloads (pids aside), each process's in
 * the same order.
 */
class ListenerRecordingTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    private static final List<String> AWAITED = List.of(
            "PROCESS_STATE_FATAL processname:quick groupname:quick from_state:BACKOFF",
            "PROCESS_STATE_EXITED processname:crasher groupname:crasher from_state:RUNNING expected:0 pid:P",
            "PROCESS_STATE_EXITED processname:finisher groupname:finisher from_state:RUNNING expected:1 pid:P",
            "PROCESS_STATE_RUNNING processname:steady groupname:steady from_state:STARTING pid:P");
    /**
     * What the shutdown delivers for sure, before any stop. What comes after it depends on how
     * soon the listener is stopped in turn, under supervisord too: it is not compared.
     */
    private static final String LAST = "SUPERVISOR_STATE_CHANGE_STOPPING ";

    static String programs(Path dir) {
        Path recorder = SupervisorPython.resource(ListenerRecordingTest.class, "recorder.py");
        return """
            [eventlistener:recorder]
            command = /usr/bin/python3 %s %s
            events = PROCESS_STATE,SUPERVISOR_STATE_CHANGE,PROCESS_GROUP,PROCESS_LOG
            buffer_size = 100
            stderr_logfile = %s

            [program:steady]
            command = /bin/sh -c "trap 'sleep 1; exit 0' TERM; while :; do sleep 0.1; done"
            startsecs = 1
            priority = 10
            stdout_logfile = NONE
            stderr_logfile = NONE

            [program:crasher]
            command = /bin/sh -c "sleep 2; echo crashing; exit 3"
            startsecs = 1
            autorestart = false
            stdout_events_enabled = true
            priority = 20
            stdout_logfile = NONE
            stderr_logfile = NONE

            [program:quick]
            command = /bin/sh -c "exit 1"
            startsecs = 1
            startretries = 1
            priority = 30
            stdout_logfile = NONE
            stderr_logfile = NONE

            [program:finisher]
            command = /bin/sh -c "sleep 2; exit 0"
            startsecs = 1
            autorestart = unexpected
            priority = 40
            stdout_logfile = NONE
            stderr_logfile = NONE
            """.formatted(recorder, dir.resolve("events.txt"), dir.resolve("recorder.err"));
    }

    private static void awaitAll(Path events, Callable<Boolean> alive, Supplier<String> log) {
        try {
            await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!alive.call()) {
                    throw new AssertionError("the daemon died");
                }
                Recording r = Recording.read(events);
                return AWAITED.stream().allMatch(r::has);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "the listener did not get every event awaited; it got:\n" + read(events)
                            + "\nits stderr:\n" + read(events.resolveSibling("recorder.err")) + "\nthe daemon's log:\n"
                            + log.get(),
                    e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "(none)";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static Recording underSupervisord(Path dir) throws Exception {
        SupervisorPython.assertInstalled();
        try (RealSupervisord s = RealSupervisord.startWith(dir, programs(dir))) {
            Path events = dir.resolve("events.txt");
            awaitAll(
                    events,
                    () -> {
                        s.assertAlive();
                        return true;
                    },
                    () -> read(dir.resolve("supervisord.log")));
            s.shutdown();
            return Recording.read(events);
        }
    }

    private static Recording underTaskmasterd(Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir).programs(programs(dir)).start()) {
            Path events = dir.resolve("events.txt");
            awaitAll(events, () -> d.process.isAlive() || fail(d), d::log);
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
            return Recording.read(events);
        }
    }

    private static boolean fail(TestDaemon d) {
        throw new AssertionError("taskmasterd died:\n" + d.console() + "\n" + d.log());
    }

    @Test
    void theSameEventsReachTheListenerAsUnderSupervisord(@TempDir Path a, @TempDir Path b) throws Exception {
        Recording theirs = underSupervisord(a).upTo(LAST);
        Recording ours = underTaskmasterd(b).upTo(LAST);

        assertThat(theirs.has(LAST)).as("supervisord's recording:\n%s", theirs).isTrue();
        assertThat(ours.has(LAST))
                .as("our recording:\n%s", read(b.resolve("events.txt")))
                .isTrue();
        assertThat(ours.byProcess()).isEqualTo(theirs.byProcess());
        for (Recording r : List.of(theirs, ours)) {
            for (int i = 0; i < r.entries().size(); i++) {
                Recording.Entry e = r.entries().get(i);
                // One pool, nothing rejected: serials and pool serials count the events as sent.
                assertThat(e.headers().keySet())
                        .containsExactly("ver", "server", "serial", "pool", "poolserial", "eventname", "len");
                assertThat(e.headers())
                        .containsEntry("ver", "3.0")
                        .containsEntry("server", "supervisor")
                        .containsEntry("pool", "recorder")
                        .containsEntry("serial", String.valueOf(i))
                        .containsEntry("poolserial", String.valueOf(i))
                        .containsEntry(
                                "len",
                                String.valueOf(e.payload()
                                        .codePointCount(0, e.payload().length())));
            }
        }
    }
}
