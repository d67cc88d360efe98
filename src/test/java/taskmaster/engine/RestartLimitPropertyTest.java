package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.engine.Specs.config;
import static taskmaster.engine.Specs.spec;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.AutoRestart;
import taskmaster.model.ProcessSpec;
import taskmaster.model.RestartPolicy;
import taskmaster.model.RestartPolicy.Backoff;

/**
 * Whatever the exits' rhythm: no window of {@code restart_window} holds more than
 * {@code restart_limit} restarts from RUNNING, a held restart leaves the process in BACKOFF or
 * FATAL, and no delay exceeds {@code backoff_max}.
 */
class RestartLimitPropertyTest {

    @Property(tries = 300)
    void noWindowHoldsMoreRestartsThanTheLimit(
            @ForAll @IntRange(min = 1, max = 6) int limit,
            @ForAll @IntRange(min = 1, max = 20) int windowSeconds,
            @ForAll @IntRange(min = 0, max = 4) int startRetries,
            @ForAll Backoff backoff,
            @ForAll @IntRange(min = 1, max = 8) int backoffMax,
            @ForAll("gaps") List<Long> gaps) {
        FakeLoop loop = new FakeLoop();
        FakeLauncher launcher = new FakeLauncher(loop);
        List<EngineEvent> events = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        Engine engine = new Engine(loop, launcher, e -> {
            events.add(e);
            times.add(loop.now());
        });
        ProcessSpec s = spec("p", b -> {
            b.startSeconds = 0;
            b.autorestart = AutoRestart.TRUE;
            b.startRetries = startRetries;
            b.restart = new RestartPolicy(backoff, backoffMax, 0, limit, windowSeconds, false);
            return b;
        });
        engine.reload(config(s)).join();
        loop.runPending();
        for (long gap : gaps) {
            loop.advance(gap);
            ProcessSnapshot p = engine.process("p").orElseThrow();
            if (p.state() == ProcessState.RUNNING) {
                launcher.exit(p.pid(), ExitStatus.exited(1));
            }
        }
        // The automatic restarts: a spawn right after an exit from RUNNING, at the same instant.
        List<Long> restarts = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof EngineEvent.Exited x && x.from() == ProcessState.RUNNING) {
                for (int j = i + 1; j < events.size(); j++) {
                    EngineEvent e = events.get(j);
                    if (e instanceof EngineEvent.Spawned) {
                        restarts.add(times.get(j));
                        break;
                    }
                    if (e instanceof EngineEvent.RestartLimitHit) {
                        ProcessState after = stateAfter(events, j);
                        assertThat(after).isIn(ProcessState.BACKOFF, ProcessState.FATAL);
                        break;
                    }
                }
            }
        }
        long window = windowSeconds * 1000L;
        for (int i = 0; i < restarts.size(); i++) {
            long end = restarts.get(i);
            long inWindow =
                    restarts.stream().filter(t -> t > end - window && t <= end).count();
            assertThat(inWindow)
                    .as("restarts within %d ms up to t=%d: %s", window, end, restarts)
                    .isLessThanOrEqualTo(limit);
        }
        assertThat(events)
                .filteredOn(e -> e instanceof EngineEvent.Backoff)
                .allSatisfy(e ->
                        assertThat(((EngineEvent.Backoff) e).delaySeconds()).isBetween(1L, (long) backoffMax));
    }

    /** The state the process is left in by the step that emitted event {@code j}: the last change after it. */
    private static ProcessState stateAfter(List<EngineEvent> events, int j) {
        ProcessState last = null;
        for (int k = j + 1; k < events.size(); k++) {
            if (events.get(k) instanceof EngineEvent.StateChanged sc) {
                last = sc.to();
                if (last == ProcessState.BACKOFF || last == ProcessState.FATAL) {
                    return last;
                }
            }
        }
        return last;
    }

    @Provide
    Arbitrary<List<Long>> gaps() {
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, Arbitraries.just(0L)),
                        net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(1, 2500)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(2500, 30_000)))
                .list()
                .ofMinSize(1)
                .ofMaxSize(80);
    }

    @Property(tries = 200)
    void delaysGrowAndStayWithinTheCap(
            @ForAll Backoff backoff,
            @ForAll @IntRange(min = 1, max = 100_000) int cap,
            @ForAll @LongRange(min = 1, max = Integer.MAX_VALUE) long attempt) {
        RestartPolicy p = RestartPolicy.DEFAULT.withBackoff(backoff, cap);
        long d = RetryDelays.seconds(p, (int) attempt);
        assertThat(d).isBetween(1L, (long) cap);
        if (attempt < Integer.MAX_VALUE) {
            assertThat(RetryDelays.seconds(p, (int) attempt + 1)).isGreaterThanOrEqualTo(d);
        }
    }
}
