package taskmaster.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.resources.FakeProcFiles.io;
import static taskmaster.resources.FakeProcFiles.smaps;
import static taskmaster.resources.FakeProcFiles.stat;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.ProcessState;
import taskmaster.output.OutputCounts;
import taskmaster.resources.ResourceSampler.Kind;
import taskmaster.resources.ResourceSampler.Next;

/**
 * When the sampler samples, on a fake clock (issue 14): an idle daemon that nobody reads and that
 * has no usage limit is sampled once at the start and then never; reads keep full samples going
 * every interval for a minute; usage limits alone get light samples of their processes.
 */
class SamplerCadenceTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);
    private static final Next UNTIL_WOKEN = new Next(null, 0);

    private final AtomicLong clock = new AtomicLong(1_000 * S);
    private final FakeProcFiles proc = new FakeProcFiles()
            .process(100, stat(100, "sh", 'S', 100, 100, 100, 50, 0, 0, 2, 10), smaps(2048, 1024), io(3, 4), 5)
            .process(200, stat(200, "sleep", 'S', 200, 200, 10, 5, 0, 0, 1, 10), smaps(1024, 512), io(0, 0), 3);
    private final FakeSupervised engine =
            new FakeSupervised().put("a", ProcessState.RUNNING, 100).put("b", ProcessState.RUNNING, 200);
    private final ResourceSampler sampler = sampler();

    private ResourceSampler sampler() {
        engine.interval = 5;
        long self = ProcessHandle.current().pid();
        proc.process(
                (int) self, stat((int) self, "java", 'S', 1, 1, 7, 3, 0, 0, 30, 10), smaps(4096, 4000), io(0, 0), 20);
        return new ResourceSampler(engine, name -> OutputCounts.NONE, proc, 100, 4096, clock::get);
    }

    /** The due sample at the clock's time, taken (noted as taken; sampled when {@code sample} says so). */
    private Next step() {
        Next n = sampler.next(clock.get());
        if (n.kind() != null) {
            sampler.taken(n.kind(), clock.get());
        }
        return n;
    }

    private void advance(long nanos) {
        clock.addAndGet(nanos);
    }

    @Test
    void idleWithNoReaderAndNoLimitItIsSampledOnceAtTheStartThenNever() {
        assertThat(step()).isEqualTo(new Next(Kind.FULL, 0));
        for (int i = 0; i < 100; i++) {
            assertThat(step()).isEqualTo(UNTIL_WOKEN);
            advance(3600 * S);
        }
    }

    @Test
    void readsKeepFullSamplesGoingEveryIntervalForAMinute() {
        step();
        advance(3600 * S);
        sampler.request(); // a read, after an hour of nothing: the thread is not alive, so it does not wait
        assertThat(step()).isEqualTo(new Next(Kind.FULL, 0)); // figures older than the interval: at once
        advance(2 * S);
        assertThat(step()).isEqualTo(new Next(null, 3 * S));
        advance(3 * S);
        assertThat(step()).isEqualTo(new Next(Kind.FULL, 0));
        // No more reads: full samples until a minute after the last read, then nothing.
        int full = 0;
        for (int i = 0; i < 60; i++) {
            advance(S);
            full += step().kind() == Kind.FULL ? 1 : 0;
        }
        assertThat(full).isBetween(10, 12);
        assertThat(step()).isEqualTo(UNTIL_WOKEN);
    }

    @Test
    void usageLimitsAloneGetLightSamplesOfTheirProcessesEveryInterval() {
        step();
        engine.limited = Set.of("a"); // a reload gave it memory_limit
        assertThat(step()).isEqualTo(new Next(null, 5 * S));
        advance(5 * S);
        Next n = step();
        assertThat(n).isEqualTo(new Next(Kind.LIMITS, 0));

        long smaps = proc.readsOf(ProcFile.SMAPS_ROLLUP);
        long io = proc.readsOf(ProcFile.IO);
        sampler.sample(n.kind());
        // a's figures for its limits, from the stat lines alone: no PSS, no I/O, not the daemon's
        assertThat(engine.usages)
                .singleElement()
                .satisfies(samples -> assertThat(samples).singleElement().satisfies(u -> {
                    assertThat(u.process()).isEqualTo("a");
                    assertThat(u.rssBytes()).isEqualTo(10 * 4096L);
                }));
        assertThat(proc.readsOf(ProcFile.SMAPS_ROLLUP)).isEqualTo(smaps);
        assertThat(proc.readsOf(ProcFile.IO)).isEqualTo(io);
        assertThat(proc.readsOf(ProcFile.STAT)).isPositive();
        // and nothing published: the figures a read answers come from full samples
        assertThat(sampler.usages().of("a").sampledAt()).isZero();

        engine.limited = Set.of(); // a reload took it away; the read above still keeps full samples going
        advance(61 * S);
        assertThat(step()).isEqualTo(UNTIL_WOKEN);
    }

    @Test
    void withIntervalZeroOnlyAReadAsksAndAtMostOnceASecond() {
        engine.interval = 0;
        assertThat(step()).isEqualTo(UNTIL_WOKEN); // not even at the start
        advance(3600 * S);
        assertThat(step()).isEqualTo(UNTIL_WOKEN);
        sampler.request();
        assertThat(step()).isEqualTo(new Next(Kind.FULL, 0));
        sampler.request();
        assertThat(step()).isEqualTo(new Next(null, S));
        advance(S);
        assertThat(step()).isEqualTo(new Next(Kind.FULL, 0));
        assertThat(step()).isEqualTo(UNTIL_WOKEN);
    }
}
