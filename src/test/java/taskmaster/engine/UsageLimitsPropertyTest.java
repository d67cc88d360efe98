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
import taskmaster.mbeans.ProcessState;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Resources;
import taskmaster.model.UsageLimits;

/**
 * Whatever the samples: a process is restarted exactly when {@code limit_window} samples in a
 * row of its current spawn were over the limit, so one that stayed under is never restarted and
 * one over for the window always is.
 */
class UsageLimitsPropertyTest {

    private static final long LIMIT = 100;

    @Property(tries = 300)
    void restartedExactlyAfterWindowSamplesInARowOverTheLimit(
            @ForAll @IntRange(min = 1, max = 5) int window,
            @ForAll boolean cpu,
            @ForAll("samples") List<Long> samples) {
        FakeLoop loop = new FakeLoop();
        FakeLauncher launcher = new FakeLauncher(loop);
        launcher.reaction = (s, sig) -> 10;
        List<EngineEvent> events = new ArrayList<>();
        Engine engine = new Engine(loop, launcher, events::add);
        UsageLimits limits = cpu ? new UsageLimits(0, (int) LIMIT, window) : new UsageLimits(LIMIT, 0, window);
        ProcessSpec s = spec("p", b -> {
                    b.startSeconds = 0;
                    return b;
                })
                .withResources(Resources.NONE.withLimits(limits));
        engine.reload(config(s)).join();
        loop.runPending();

        int inARow = 0;
        int expected = 0;
        for (long value : samples) {
            ProcessSnapshot p = engine.process("p").orElseThrow();
            assertThat(p.state()).isEqualTo(ProcessState.RUNNING);
            engine.usage(List.of(new UsageSample("p", p.pid(), cpu ? 5 : value, cpu ? value : 5)));
            loop.runPending();
            inARow = value > LIMIT ? inARow + 1 : 0;
            if (inARow == window) {
                expected++;
                inARow = 0;
                assertThat(engine.process("p").orElseThrow().state()).isEqualTo(ProcessState.STOPPING);
                loop.advance(100); // stopped, then started again
            } else {
                assertThat(engine.process("p").orElseThrow().state()).isEqualTo(ProcessState.RUNNING);
            }
        }
        long restarts = events.stream()
                .filter(EngineEvent.LimitExceeded.class::isInstance)
                .count();
        assertThat(restarts).isEqualTo(expected);
        assertThat(launcher.spawnCount("p")).isEqualTo(expected + 1);
        if (samples.stream().allMatch(v -> v <= LIMIT)) {
            assertThat(restarts).isZero();
        }
    }

    @Provide
    Arbitrary<List<Long>> samples() {
        return Arbitraries.longs().between(0, 2 * LIMIT).list().ofMaxSize(40);
    }
}
