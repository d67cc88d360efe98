package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.engine.Specs.config;
import static taskmaster.engine.Specs.spec;
import static taskmaster.mbeans.ProcessState.RUNNING;
import static taskmaster.mbeans.ProcessState.STARTING;
import static taskmaster.mbeans.ProcessState.STOPPING;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import taskmaster.engine.EngineEvent.LimitExceeded;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Resources;
import taskmaster.model.Rlimit;
import taskmaster.model.Signal;
import taskmaster.model.UsageLimits;

/** memory_limit and cpu_limit over limit_window samples, on the fake clock. */
class UsageLimitsTest {

    private static final long MB = 1 << 20;

    private final FakeLoop loop = new FakeLoop();
    private final FakeLauncher launcher = new FakeLauncher(loop);
    private final List<EngineEvent> events = new ArrayList<>();
    private final Engine engine = new Engine(loop, launcher, events::add);

    UsageLimitsTest() {
        launcher.reaction = (s, sig) -> 10;
    }

    /** RUNNING at once, or after {@code startSeconds}. */
    static ProcessSpec web(UsageLimits limits, int startSeconds) {
        return spec("web", b -> {
                    b.startSeconds = startSeconds;
                    return b;
                })
                .withResources(Resources.NONE.withLimits(limits));
    }

    static ProcessSpec web(UsageLimits limits) {
        return web(limits, 0);
    }

    private static final UsageLimits MEMORY_512MB = new UsageLimits(512 * MB, 0, 3);

    private ProcessSnapshot snap() {
        return engine.process("web").orElseThrow();
    }

    private long pid() {
        return snap().pid();
    }

    private void load(Configuration c) {
        CompletableFuture<ReloadReport> f = engine.reload(c);
        loop.runPending();
        assertThat(f).isCompleted();
    }

    private void sample(long pid, long rss, double cpu) {
        engine.usage(List.of(new UsageSample("web", pid, rss, cpu)));
        loop.runPending();
    }

    private List<LimitExceeded> exceeded() {
        return events.stream()
                .filter(LimitExceeded.class::isInstance)
                .map(LimitExceeded.class::cast)
                .toList();
    }

    @Test
    void rssOverTheLimitForTheWindowRestartsTheProcessWithItsStopSignal() {
        load(config(web(MEMORY_512MB)));
        long first = pid();
        sample(first, 600 * MB, 1);
        sample(first, 612 * MB, 1);
        assertThat(snap().state()).isEqualTo(RUNNING);
        assertThat(exceeded()).isEmpty();
        sample(first, 612 * MB, 1);
        assertThat(snap().state()).isEqualTo(STOPPING);
        assertThat(launcher.signalsTo(first))
                .extracting(FakeLauncher.Sent::signal)
                .containsExactly(Signal.TERM);
        assertThat(exceeded())
                .containsExactly(new LimitExceeded("web", first, LimitExceeded.Limit.MEMORY, 612 * MB, 512 * MB, 3));
        assertThat(exceeded().getFirst().describe())
                .isEqualTo("RSS 612 MB over memory_limit 512 MB for 3 samples in a row");
        loop.advance(100);
        assertThat(snap().state()).isEqualTo(RUNNING);
        assertThat(pid()).isNotEqualTo(first);
        assertThat(snap().restarts()).isEqualTo(1);
        assertThat(launcher.spawnCount("web")).isEqualTo(2);
    }

    @Test
    void aSampleUnderTheLimitStartsTheCountAgain() {
        load(config(web(MEMORY_512MB)));
        long first = pid();
        sample(first, 600 * MB, 1);
        sample(first, 600 * MB, 1);
        sample(first, 500 * MB, 1);
        sample(first, 600 * MB, 1);
        sample(first, 600 * MB, 1);
        assertThat(snap().state()).isEqualTo(RUNNING);
        assertThat(exceeded()).isEmpty();
        sample(first, 512 * MB, 1); // at the limit is not over it
        sample(first, 600 * MB, 1);
        sample(first, 600 * MB, 1);
        assertThat(snap().state()).isEqualTo(RUNNING);
        sample(first, 600 * MB, 1);
        assertThat(snap().state()).isEqualTo(STOPPING);
    }

    @Test
    void cpuOverTheLimitForTheWindowRestartsItToo() {
        load(config(web(new UsageLimits(0, 90, 2))));
        long first = pid();
        sample(first, 10 * MB, -1); // not known yet: neither counts nor resets
        sample(first, 10 * MB, 150);
        sample(first, 10 * MB, -1);
        assertThat(snap().state()).isEqualTo(RUNNING);
        sample(first, 10 * MB, 153.4);
        assertThat(snap().state()).isEqualTo(STOPPING);
        assertThat(exceeded()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(LimitExceeded.Limit.CPU);
            assertThat(e.samples()).isEqualTo(2);
            assertThat(e.describe()).isEqualTo("CPU 153% over cpu_limit 90% for 2 samples in a row");
        });
    }

    @Test
    void aSampleOfAnEarlierSpawnIsIgnored() {
        load(config(web(new UsageLimits(512 * MB, 0, 1))));
        long first = pid();
        engine.restart(List.of("web"));
        loop.advance(100);
        assertThat(pid()).isNotEqualTo(first);
        sample(first, 900 * MB, 1);
        sample(first + 1000, 900 * MB, 1);
        assertThat(snap().state()).isEqualTo(RUNNING);
        assertThat(exceeded()).isEmpty();
    }

    @Test
    void onlyARunningProcessIsHeldToItsLimits() {
        load(config(web(new UsageLimits(512 * MB, 90, 1), 5)));
        assertThat(snap().state()).isEqualTo(STARTING);
        sample(pid(), 900 * MB, 400);
        sample(pid(), 900 * MB, 400);
        assertThat(snap().state()).isEqualTo(STARTING);
        loop.advance(5000);
        assertThat(snap().state()).isEqualTo(RUNNING);
        assertThat(exceeded()).isEmpty();
        // STARTING's samples did not count: the window (1) is reached by the first RUNNING sample.
        engine.stop(List.of("web"));
        loop.runPending();
        assertThat(snap().state()).isEqualTo(STOPPING);
        long stopping = pid();
        sample(stopping, 900 * MB, 400);
        assertThat(exceeded()).isEmpty();
        loop.advance(100);
        sample(stopping, 900 * MB, 400);
        assertThat(exceeded()).isEmpty();
        assertThat(launcher.spawnCount("web")).isEqualTo(1);
    }

    @Test
    void theCountIsOfTheCurrentSpawnOnly() {
        load(config(web(MEMORY_512MB)));
        sample(pid(), 900 * MB, 1);
        sample(pid(), 900 * MB, 1);
        engine.restart(List.of("web"));
        loop.advance(100);
        assertThat(snap().state()).isEqualTo(RUNNING);
        sample(pid(), 900 * MB, 1);
        sample(pid(), 900 * MB, 1);
        assertThat(snap().state()).isEqualTo(RUNNING);
        assertThat(exceeded()).isEmpty();
    }

    @Test
    void aReloadChangesTheLimitInPlaceAndTheCountStartsOverAgainstTheNewOne() {
        load(config(web(MEMORY_512MB)));
        long first = pid();
        sample(first, 600 * MB, 1);
        sample(first, 600 * MB, 1);
        CompletableFuture<ReloadReport> reload = engine.reload(config(web(new UsageLimits(1024 * MB, 0, 3))));
        loop.runPending();
        assertThat(reload).isCompleted();
        assertThat(reload.join().restarted()).isEmpty();
        assertThat(pid()).as("a usage limit applies in place").isEqualTo(first);
        sample(first, 600 * MB, 1);
        sample(first, 900 * MB, 1);
        sample(first, 1000 * MB, 1);
        assertThat(snap().state()).isEqualTo(RUNNING);
        load(config(web(new UsageLimits(256 * MB, 0, 2))));
        assertThat(pid()).isEqualTo(first);
        sample(first, 300 * MB, 1);
        assertThat(snap().state())
                .as("the samples over the old limit do not count")
                .isEqualTo(RUNNING);
        sample(first, 300 * MB, 1);
        assertThat(snap().state()).isEqualTo(STOPPING);
        assertThat(exceeded().getFirst().limit()).isEqualTo(256 * MB);
        load(config(web(UsageLimits.NONE)));
        loop.advance(100);
        long second = pid();
        for (int i = 0; i < 10; i++) {
            sample(second, 10_000 * MB, 1000);
        }
        assertThat(snap().state()).as("no limit any more").isEqualTo(RUNNING);
    }

    @Test
    void aReloadOfAnRlimitRelaunchesTheProcess() {
        load(config(web(MEMORY_512MB)));
        long first = pid();
        ProcessSpec limited = web(MEMORY_512MB)
                .withResources(new Resources(MEMORY_512MB, List.of(new Rlimit(Rlimit.Resource.NOFILE, 256, 512))));
        CompletableFuture<ReloadReport> f = engine.reload(config(limited));
        loop.advance(100);
        assertThat(f).isCompleted();
        assertThat(pid()).isNotEqualTo(first);
        assertThat(launcher.spawnCount("web")).isEqualTo(2);
    }
}
