package taskmaster.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.SupervisorPython;
import taskmaster.testing.TestDaemon;

/**
 * Event listeners under taskmasterd, end to end, for what the comparison with supervisord does
 * not cover: ticks, output events of stderr, groups added and removed by a reload, a rejected
 * event sent again, two pools sharing the global serial.
 */
class ListenerDaemonTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    private static String listeners(Path dir) {
        return """
            [eventlistener:recorder]
            command = /usr/bin/python3 %1$s %3$s/events.txt
            events = TICK_5,PROCESS_GROUP,PROCESS_LOG_STDERR
            buffer_size = 50
            stderr_logfile = %3$s/recorder.err

            [eventlistener:flaky]
            command = /usr/bin/python3 %2$s %3$s/flaky.txt
            events = PROCESS_GROUP
            stderr_logfile = %3$s/flaky.err
            """.formatted(
                        SupervisorPython.resource(ListenerDaemonTest.class, "recorder.py"),
                        SupervisorPython.resource(ListenerDaemonTest.class, "flaky.py"),
                        dir);
    }

    private static final String TALKER = """

        [program:talker]
        command = /bin/sh -c "echo 'to stderr' >&2; exec sleep 1000"
        stderr_events_enabled = true
        stdout_logfile = NONE
        stderr_logfile = NONE
        """;

    private static final String ADDED = """

        [program:added]
        command = /bin/sleep 1000
        stdout_logfile = NONE
        stderr_logfile = NONE
        """;

    private static void awaitEvent(TestDaemon d, Path events, Predicate<Recording.Entry> wanted, String what) {
        try {
            await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!d.process.isAlive()) {
                    throw new AssertionError("taskmasterd died:\n" + d.console() + "\n" + d.log());
                }
                return Recording.read(events).entries().stream().anyMatch(wanted);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no " + what + "; the listener got:\n" + read(events) + "\nlog:\n" + d.log(), e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "(none)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void ticksStderrEventsGroupsOfAReloadAndARejectedEventSentAgain(@TempDir Path dir) throws Exception {
        SupervisorPython.assertInstalled();
        Path events = dir.resolve("events.txt");
        try (TestDaemon d = TestDaemon.in(dir).programs(listeners(dir) + TALKER).start()) {
            awaitEvent(
                    d,
                    events,
                    e -> e.name().equals("PROCESS_LOG_STDERR")
                            && e.payload()
                                    .matches("processname:talker groupname:talker pid:[1-9]\\d* channel:stderr\n"
                                            + "to stderr\n"),
                    "PROCESS_LOG_STDERR of talker");
            awaitEvent(
                    d,
                    events,
                    e -> e.name().equals("TICK_5")
                            && e.payload().matches("when:\\d+")
                            && Long.parseLong(e.payload().substring(5)) % 5 == 0,
                    "TICK_5 at a multiple of 5 seconds");

            d.writePrograms(listeners(dir) + ADDED);
            d.signal("HUP");
            awaitEvent(
                    d,
                    events,
                    e -> e.name().equals("PROCESS_GROUP_ADDED") && e.payload().equals("groupname:added\n"),
                    "PROCESS_GROUP_ADDED of added");
            awaitEvent(
                    d,
                    events,
                    e -> e.name().equals("PROCESS_GROUP_REMOVED") && e.payload().equals("groupname:talker\n"),
                    "PROCESS_GROUP_REMOVED of talker");

            // flaky hears of 5 groups (flaky, recorder, talker; then added and talker's removal),
            // each twice: rejected once, then sent again with the same serials.
            await().atMost(BOUND)
                    .until(() -> read(dir.resolve("flaky.txt")).lines().count() >= 10);
            List<String> flaky = read(dir.resolve("flaky.txt")).lines().toList();
            for (int i = 0; i < 10; i += 2) {
                assertThat(flaky.get(i + 1)).as("delivery %d again", i).isEqualTo(flaky.get(i));
                assertThat(flaky.get(i).split(" ")[1]).isEqualTo(String.valueOf(i / 2));
            }
            // The global serial is shared: the recorder's serials and flaky's interleave, none twice.
            List<Long> recorderSerials = Recording.read(events).entries().stream()
                    .map(e -> Long.parseLong(e.headers().get("serial")))
                    .toList();
            List<Long> flakySerials = flaky.stream()
                    .map(l -> Long.parseLong(l.split(" ")[0]))
                    .distinct()
                    .toList();
            assertThat(recorderSerials).doesNotHaveDuplicates();
            assertThat(flakySerials).isSorted();
            // Group events go to both pools, the same event with the same serial. flaky's pool is
            // made first (same priority, then by name), so only it hears of its own group.
            List<Long> recorderGroupSerials = Recording.read(events).entries().stream()
                    .filter(e -> e.name().startsWith("PROCESS_GROUP"))
                    .map(e -> Long.parseLong(e.headers().get("serial")))
                    .toList();
            assertThat(flakySerials.subList(1, 5)).isEqualTo(recorderGroupSerials);
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /**
     * A listener that says READY and then never reads its stdin nor answers: its pool's buffer
     * overflows (the oldest dropped, and logged) while a program keeps sending it output events,
     * and nothing else waits for it: the daemon still shuts down at once.
     */
    @Test
    void aStuckListenerOverflowsItsBufferAndHoldsNothingUp(@TempDir Path dir) throws Exception {
        SupervisorPython.assertInstalled();
        String programs = """
            [eventlistener:stuck]
            command = /usr/bin/python3 -c "import sys, time; sys.stdout.write('READY\\n'); sys.stdout.flush(); time.sleep(1000)"
            events = PROCESS_LOG
            buffer_size = 3

            [program:chatty]
            command = /bin/sh -c "while :; do echo line; sleep 0.05; done"
            stdout_events_enabled = true
            stdout_logfile = NONE
            stderr_logfile = NONE
            """;
        try (TestDaemon d = TestDaemon.in(dir).programs(programs).start()) {
            try {
                d.awaitLog("pool stuck event buffer overflowed, discarding event \\d+");
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("no overflow logged:\n" + d.log(), e);
            }
            long began = System.nanoTime();
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(30));
        }
    }
}
