package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.engine.Specs.config;
import static taskmaster.engine.Specs.spec;
import static taskmaster.mbeans.ProcessState.BACKOFF;
import static taskmaster.mbeans.ProcessState.EXITED;
import static taskmaster.mbeans.ProcessState.FATAL;
import static taskmaster.mbeans.ProcessState.RUNNING;
import static taskmaster.mbeans.ProcessState.STARTING;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.AutoRestart;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.RestartPolicy;
import taskmaster.model.RestartPolicy.Backoff;

/** backoff, backoff_max, startretries = infinite and the restart limit, on the fake clock. */
class RestartPolicyTest {

    private final FakeLoop loop = new FakeLoop();
    private final FakeLauncher launcher = new FakeLauncher(loop);
    private final List<EngineEvent> events = new ArrayList<>();
    private final Engine engine = new Engine(loop, launcher, events::add);

    private ProcessState state(String name) {
        return engine.process(name).orElseThrow().state();
    }

    private long pid(String name) {
        return engine.process(name).orElseThrow().pid();
    }

    private void load(Configuration c) {
        engine.reload(c).join();
        loop.runPending();
    }

    /** A program whose every start fails quickly (starttime 1), retried by {@code policy}. */
    private ProcessSpec failing(String name, int retries, RestartPolicy policy) {
        return spec(name, b -> {
            b.startRetries = retries;
            b.startSeconds = 1;
            b.restart = policy;
            return b;
        });
    }

    /** Fails every start of {@code name} at once, {@code n} times, and returns the delays between the spawns. */
    private List<Long> failStarts(String name, int n) {
        for (int i = 0; i < n; i++) {
            if (state(name) == STARTING) {
                launcher.exit(pid(name), ExitStatus.exited(1));
            }
            if (state(name) == BACKOFF) {
                loop.advance(Math.max(0, loop.nextDeadline() - loop.now()));
            }
        }
        List<Long> times = launcher.spawnTimes(name);
        List<Long> delays = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            delays.add(times.get(i) - times.get(i - 1));
        }
        return delays;
    }

    private List<Long> backoffDelays() {
        return events.stream()
                .filter(e -> e instanceof EngineEvent.Backoff)
                .map(e -> ((EngineEvent.Backoff) e).delaySeconds())
                .toList();
    }

    @Test
    void linearWaitsNSecondsBeforeTheNthRetryThenFatal() {
        load(config(failing("flaky", 5, RestartPolicy.DEFAULT)));
        assertThat(failStarts("flaky", 6)).containsExactly(1000L, 2000L, 3000L, 4000L, 5000L);
        assertThat(state("flaky")).isEqualTo(FATAL);
        assertThat(launcher.spawnCount("flaky")).isEqualTo(6);
    }

    @Test
    void exponentialDoublesFromOneSecond() {
        load(config(failing("flaky", 5, RestartPolicy.DEFAULT.withBackoff(Backoff.EXPONENTIAL, 300))));
        assertThat(failStarts("flaky", 6)).containsExactly(1000L, 2000L, 4000L, 8000L, 16000L);
        assertThat(backoffDelays()).containsExactly(1L, 2L, 4L, 8L, 16L);
        assertThat(state("flaky")).isEqualTo(FATAL);
    }

    @Test
    void exponentialIsCappedAtBackoffMax() {
        load(config(failing("flaky", 6, RestartPolicy.DEFAULT.withBackoff(Backoff.EXPONENTIAL, 5))));
        assertThat(failStarts("flaky", 7)).containsExactly(1000L, 2000L, 4000L, 5000L, 5000L, 5000L);
    }

    @Test
    void linearIsCappedAtBackoffMaxToo() {
        load(config(failing("flaky", 4, RestartPolicy.DEFAULT.withBackoff(Backoff.LINEAR, 2))));
        assertThat(failStarts("flaky", 5)).containsExactly(1000L, 2000L, 2000L, 2000L);
    }

    @Test
    void infiniteRetriesWithExponentialBackoffNeverGiveUpAndStayAtTheCap() {
        load(config(failing(
                "flaky", ProcessSpec.UNLIMITED_RETRIES, RestartPolicy.DEFAULT.withBackoff(Backoff.EXPONENTIAL, 60))));
        List<Long> delays = failStarts("flaky", 200);
        assertThat(state("flaky")).isEqualTo(STARTING);
        assertThat(launcher.spawnCount("flaky")).isEqualTo(201);
        assertThat(delays.subList(0, 7)).containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 32000L, 60000L);
        assertThat(delays).allMatch(d -> d > 0 && d <= 60_000L);
        assertThat(events).noneMatch(e -> e instanceof EngineEvent.GaveUp);
    }

    @Test
    void retryDelaysNeverOverflow() {
        RestartPolicy exp = RestartPolicy.DEFAULT.withBackoff(Backoff.EXPONENTIAL, Integer.MAX_VALUE);
        assertThat(RetryDelays.seconds(exp, 31)).isEqualTo(1L << 30);
        assertThat(RetryDelays.seconds(exp, 32)).isEqualTo(Integer.MAX_VALUE);
        assertThat(RetryDelays.seconds(exp, Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
        RestartPolicy lin = RestartPolicy.DEFAULT.withBackoff(Backoff.LINEAR, Integer.MAX_VALUE);
        assertThat(RetryDelays.seconds(lin, Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
        assertThat(RetryDelays.seconds(lin, 7)).isEqualTo(7);
    }

    // ---- the restart limit ----

    /** Exits at once, starttime 0, autorestart = true: supervisord respawns it without end. */
    private ProcessSpec flapping(String name, UnaryOperator<Specs.B> tweak) {
        return spec(name, b -> {
            b.startSeconds = 0;
            b.autorestart = AutoRestart.TRUE;
            return tweak.apply(b);
        });
    }

    /** Its current child exits, if it has one. */
    private void crash(String name) {
        if (state(name) == RUNNING) {
            launcher.exit(pid(name), ExitStatus.exited(1));
        }
    }

    @Test
    void aCrashLoopIsHeldByTheDefaultLimitThenGoesFatal() {
        load(config(flapping("loop", b -> b)));
        // The first spawn and 5 restarts within no time at all, as fast as the exits come.
        for (int i = 0; i < 6; i++) {
            assertThat(state("loop")).isEqualTo(RUNNING);
            crash("loop");
        }
        assertThat(launcher.spawnCount("loop")).isEqualTo(6);
        assertThat(state("loop")).isEqualTo(BACKOFF);
        assertThat(events)
                .filteredOn(e -> e instanceof EngineEvent.RestartLimitHit)
                .hasSize(1);
        assertThat(engine.process("loop").orElseThrow().spawnError()).contains("restart_limit");
        // Each retry is RUNNING at once and crashes at once: the limit still holds, the delay grows.
        for (int i = 0; i < 100 && state("loop") != FATAL; i++) {
            loop.advance(Math.max(0, loop.nextDeadline() - loop.now()));
            crash("loop");
        }
        assertThat(state("loop")).isEqualTo(FATAL);
        assertThat(launcher.spawnTimes("loop")).containsExactly(0L, 0L, 0L, 0L, 0L, 0L, 1000L, 3000L, 6000L);
        assertThat(backoffDelays()).containsExactly(1L, 2L, 3L);
        assertThat(events).filteredOn(e -> e instanceof EngineEvent.GaveUp).hasSize(1);
        loop.advance(600_000);
        assertThat(launcher.spawnCount("loop")).isEqualTo(9);
    }

    @Test
    void theHeldRestartGoesExitedThenBackoff() {
        load(config(flapping("loop", b -> b)));
        for (int i = 0; i < 6; i++) {
            crash("loop");
        }
        List<ProcessState> last = events.stream()
                .filter(e -> e instanceof EngineEvent.StateChanged)
                .map(e -> ((EngineEvent.StateChanged) e).to())
                .toList();
        assertThat(last.subList(last.size() - 2, last.size())).containsExactly(EXITED, BACKOFF);
    }

    @Test
    void restartLimitZeroTurnsTheLimitOff() {
        load(config(flapping("loop", b -> {
            b.restart = RestartPolicy.DEFAULT.withRestartLimit(0, 10);
            return b;
        })));
        for (int i = 0; i < 500; i++) {
            crash("loop");
        }
        assertThat(launcher.spawnCount("loop")).isEqualTo(501);
        assertThat(state("loop")).isEqualTo(RUNNING);
        assertThat(events).noneMatch(e -> e instanceof EngineEvent.RestartLimitHit || e instanceof EngineEvent.Backoff);
    }

    @Test
    void theWindowSlides() {
        // 5 in 10 s: one exit every 2.5 s keeps at most 4 restarts in any window, for ever.
        load(config(flapping("steady", b -> b)));
        for (int i = 0; i < 40; i++) {
            loop.advance(2500);
            crash("steady");
        }
        assertThat(launcher.spawnCount("steady")).isEqualTo(41);
        assertThat(events).noneMatch(e -> e instanceof EngineEvent.RestartLimitHit);
        // Quiet for a window, then one exit every 1.9 s: the sixth comes 9.5 s after the first, within it.
        loop.advance(20_000);
        for (int i = 0; i < 5; i++) {
            crash("steady");
            assertThat(state("steady")).isEqualTo(RUNNING);
            loop.advance(1900);
        }
        crash("steady");
        assertThat(state("steady")).isEqualTo(BACKOFF);
        assertThat(events)
                .filteredOn(e -> e instanceof EngineEvent.RestartLimitHit)
                .hasSize(1);
    }

    @Test
    void aRetryThatOutlivesTheWindowEndsTheLoopAndItsCount() {
        load(config(flapping("loop", b -> b)));
        for (int i = 0; i < 6; i++) {
            crash("loop");
        }
        assertThat(state("loop")).isEqualTo(BACKOFF);
        loop.advance(1000); // the first retry, RUNNING at once
        assertThat(state("loop")).isEqualTo(RUNNING);
        loop.advance(30_000); // up longer than the window: the restarts in it slid out
        crash("loop");
        assertThat(state("loop")).isEqualTo(RUNNING); // restarted at once
        for (int i = 0; i < 5; i++) {
            crash("loop");
        }
        assertThat(state("loop")).isEqualTo(BACKOFF);
        // A new loop: its first delay is 1 s again, not the old count's next.
        assertThat(backoffDelays()).containsExactly(1L, 1L);
    }

    @Test
    void anOperatorsStartCountsAfresh() {
        load(config(flapping("loop", b -> b)));
        for (int i = 0; i < 40 && state("loop") != FATAL; i++) {
            crash("loop");
            loop.advance(Math.max(0, loop.nextDeadline() - loop.now()));
        }
        assertThat(state("loop")).isEqualTo(FATAL);
        long before = launcher.spawnCount("loop");
        engine.start(List.of("loop")).join();
        for (int i = 0; i < 6; i++) {
            crash("loop");
        }
        // Six spawns before the limit holds, as the first time.
        assertThat(launcher.spawnCount("loop") - before).isEqualTo(6);
        assertThat(state("loop")).isEqualTo(BACKOFF);
    }

    @Test
    void restartWindowUnit() {
        RestartWindow w = new RestartWindow();
        for (int i = 0; i < 3; i++) {
            assertThat(w.allow(i, 3, 1000)).isTrue();
        }
        assertThat(w.allow(999, 3, 1000)).isFalse(); // 3 in (-1, 999]
        assertThat(w.allow(1000, 3, 1000)).isTrue(); // the one at 0 slid out
        assertThat(w.size()).isEqualTo(3);
        assertThat(w.allow(1000, 0, 1000)).isTrue(); // no limit
        assertThat(w.size()).isZero();
        // A lower limit after a reload: the oldest beyond it are dropped, the rest count.
        for (int i = 0; i < 5; i++) {
            w.allow(2000 + i, 10, 1000);
        }
        assertThat(w.allow(2005, 2, 1000)).isFalse();
        assertThat(w.size()).isEqualTo(2);
    }
}
