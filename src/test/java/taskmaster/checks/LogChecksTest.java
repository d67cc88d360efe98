package taskmaster.checks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import taskmaster.engine.CheckResult;
import taskmaster.engine.Checks;
import taskmaster.engine.Notice;
import taskmaster.model.Check;
import taskmaster.model.Lifecycle;
import taskmaster.model.ProcessSpec;
import taskmaster.os.PosixSpawnLauncher;

/** log:REGEX: lines cut across chunks, readiness fired once, health counted between probes; and the real output path. */
class LogChecksTest {
    private final LogChecks logs = new LogChecks();
    private final List<Notice> notices = new CopyOnWriteArrayList<>();

    private static ProcessSpec spec(Lifecycle lifecycle) {
        return CheckSpecs.spec("web", List.of("/bin/true"), Map.of(), null, lifecycle);
    }

    private void write(ProcessSpec spec, long pid, String text) {
        logs.onStdout(spec, pid, text.getBytes(UTF_8));
    }

    @Test
    void aMatchingLineMakesItReadyOnce() {
        ProcessSpec spec = spec(CheckSpecs.readyLog("listening on \\d+"));
        logs.watch(spec, 10, new Check.Log("listening on \\d+"), notices::add);
        write(spec, 10, "starting\nstill starting\n");
        assertThat(notices).isEmpty();
        write(spec, 10, "listening on 8080\nlistening on 8081\n");
        assertThat(notices).containsExactly(new Notice.Ready());
        write(spec, 10, "listening on 8082\n");
        assertThat(notices).as("the watch is gone once it fired").hasSize(1);
    }

    @Test
    void aLineSplitAcrossTwoChunksStillMatches() {
        ProcessSpec spec = spec(CheckSpecs.readyLog("^server ready$"));
        logs.watch(spec, 10, new Check.Log("^server ready$"), notices::add);
        write(spec, 10, "boot\nserver re");
        assertThat(notices).isEmpty();
        write(spec, 10, "ady\r\n");
        assertThat(notices).containsExactly(new Notice.Ready());
    }

    @Test
    void aLineMustEndBeforeItCountsAndPartsOfTwoLinesAreNotOne() {
        ProcessSpec spec = spec(CheckSpecs.readyLog("ab"));
        logs.watch(spec, 10, new Check.Log("ab"), notices::add);
        write(spec, 10, "xa\nb");
        write(spec, 10, "x");
        assertThat(notices)
                .as("'a' and 'b' are on two lines, the second unfinished")
                .isEmpty();
        write(spec, 10, "\n");
        assertThat(notices).isEmpty();
    }

    @Test
    void aLineReadBeforeTheEngineAskedCounts() {
        ProcessSpec spec = spec(CheckSpecs.readyLog("ready"));
        write(spec, 10, "ready\n"); // the output thread can read it before the engine's watch
        logs.watch(spec, 10, new Check.Log("ready"), notices::add);
        assertThat(notices).containsExactly(new Notice.Ready());
    }

    @Test
    void aPreviousRunsLineDoesNotMakeTheNewOneReady() {
        ProcessSpec spec = spec(CheckSpecs.readyLog("ready"));
        write(spec, 10, "ready\n");
        logs.watch(spec, 11, new Check.Log("ready"), notices::add);
        write(spec, 10, "ready\n"); // pid 10's last words, drained late
        assertThat(notices).isEmpty();
        write(spec, 11, "ready\n");
        assertThat(notices).containsExactly(new Notice.Ready());
    }

    @Test
    void aCancelledWatchNeverFires() {
        ProcessSpec spec = spec(CheckSpecs.readyLog("ready"));
        Checks.Watch w = logs.watch(spec, 10, new Check.Log("ready"), notices::add);
        w.cancel();
        w.cancel();
        write(spec, 10, "ready\n");
        assertThat(notices).isEmpty();
    }

    @Test
    void healthAsksWhetherALineMatchedSinceThePreviousProbe() {
        ProcessSpec spec = spec(CheckSpecs.healthLog("heartbeat"));
        Check.Log check = new Check.Log("heartbeat");
        write(spec, 10, "heartbeat 1\n");
        assertThat(logs.probe(spec, 10, check)).isEqualTo(CheckResult.ok("a line matched log:heartbeat"));
        assertThat(logs.probe(spec, 10, check))
                .isEqualTo(CheckResult.failed("no line matched log:heartbeat since the last check"));
        write(spec, 10, "noise\nheart");
        assertThat(logs.probe(spec, 10, check).ok()).isFalse();
        write(spec, 10, "beat 2\n");
        assertThat(logs.probe(spec, 10, check).ok()).isTrue();
        assertThat(logs.probe(spec, 11, check).ok())
                .as("a new spawn starts afresh")
                .isFalse();
    }

    @Test
    void aVeryLongLineIsMatchedOnItsStart() {
        ProcessSpec spec = spec(CheckSpecs.readyLog("^start"));
        logs.watch(spec, 10, new Check.Log("^start"), notices::add);
        write(spec, 10, "start" + "x".repeat(3 * LogChecks.MAX_LINE));
        write(spec, 10, "y".repeat(LogChecks.MAX_LINE) + "\n");
        assertThat(notices).containsExactly(new Notice.Ready());
    }

    @Test
    void aRegexIsCompiledOnce() {
        assertThat(logs.pattern("a+b")).isSameAs(logs.pattern("a+b"));
    }

    /**
     * The real path: the output thread hands a log check's stdout to the watcher, cut into
     * chunks by the pipe, and nothing of it to the event system's tap (it has no
     * stdout_events_enabled), while the log file still gets every byte.
     */
    @Test
    void aRealProgramsOutputReachesTheWatcherAndNotTheEventTap() throws Exception {
        var tapped = new AtomicInteger();
        try (PosixSpawnLauncher launcher = new PosixSpawnLauncher();
                Probes probes = new Probes(launcher)) {
            launcher.output().tap((process, stream, bytes) -> tapped.addAndGet(bytes.length));
            launcher.output().watch(probes);
            ProcessSpec spec = CheckSpecs.spec(
                    "web",
                    List.of("/bin/sh", "-c", "printf 'warming up\\nserver re'; sleep 0.3; printf 'ady\\n'; sleep 30"),
                    Map.of(),
                    null,
                    CheckSpecs.readyLog("^server ready$"));
            assertThat(spec.stdoutPiped()).as("a log check pipes stdout").isTrue();
            assertThat(spec.tapStdout()).isFalse();
            launcher.configured(spec);
            long pid = launcher.spawn(spec, status -> {});
            try {
                probes.watch(spec, pid, new Check.Log("^server ready$"), notices::add);
                await().atMost(Duration.ofSeconds(20)).until(() -> !notices.isEmpty());
                assertThat(notices).containsExactly(new Notice.Ready());
                assertThat(tapped).as("no PROCESS_LOG events for a log check").hasValue(0);
            } finally {
                launcher.signal(pid, taskmaster.model.Signal.KILL, true);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> launcher.running() == 0);
        }
    }
}
