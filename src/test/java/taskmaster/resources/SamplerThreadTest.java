package taskmaster.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static taskmaster.resources.FakeProcFiles.io;
import static taskmaster.resources.FakeProcFiles.smaps;
import static taskmaster.resources.FakeProcFiles.stat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.ProcessState;
import taskmaster.output.OutputCounts;

/**
 * The sampler's thread: it alone reads /proc, on its own thread (never the caller's, never the
 * engine's loop), and reads of the figures cost no read of /proc; with an interval of 0 reads ask
 * for a sample, at most one a second.
 */
class SamplerThreadTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    private final FakeProcFiles proc = new FakeProcFiles()
            .process(100, stat(100, "sh", 'S', 100, 100, 100, 50, 0, 0, 2, 10), smaps(2048, 1024), io(3, 4), 5)
            .process(101, stat(101, "sleep", 'S', 100, 100, 0, 0, 0, 0, 1, 10), smaps(1024, 512), io(0, 0), 3);
    private final FakeSupervised engine =
            new FakeSupervised().put("a", ProcessState.RUNNING, 100).put("b", ProcessState.STOPPED, 0);
    private ResourceSampler sampler;

    private ResourceSampler sampler() {
        long self = ProcessHandle.current().pid();
        proc.process(
                (int) self, stat((int) self, "java", 'S', 1, 1, 7, 3, 0, 0, 30, 10), smaps(4096, 4000), io(0, 0), 20);
        sampler = new ResourceSampler(engine, name -> new OutputCounts(11, 22), proc, 100, 4096);
        return sampler;
    }

    @AfterEach
    void close() {
        if (sampler != null) {
            sampler.close();
        }
    }

    @Test
    void samplesOnItsOwnLowPriorityDaemonThreadAndReadsNeverTouchProc() {
        ResourceSampler s = sampler();
        s.start();
        await().atMost(BOUND).until(() -> s.usages().of("a").sampledAt() > 0);
        assertThat(proc.threads).containsExactly(ResourceSampler.THREAD_NAME);
        assertThat(engine.usageThreads).isNotEmpty().allMatch(ResourceSampler.THREAD_NAME::equals);
        Thread t = Thread.getAllStackTraces().keySet().stream()
                .filter(x -> x.getName().equals(ResourceSampler.THREAD_NAME))
                .findFirst()
                .orElseThrow();
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getPriority()).isEqualTo(Thread.MIN_PRIORITY);

        ProcessUsage a = s.usages().of("a");
        assertThat(a.pid()).isEqualTo(100);
        assertThat(a.processes()).isEqualTo(2);
        assertThat(a.threads()).isEqualTo(3);
        assertThat(a.cpuUserSeconds()).isEqualTo(1.0);
        assertThat(a.cpuSystemSeconds()).isEqualTo(0.5);
        assertThat(a.rssBytes()).isEqualTo(20 * 4096L);
        assertThat(a.openFiles()).isEqualTo(8);
        assertThat(a.stdoutBytes()).isEqualTo(11);
        assertThat(a.stderrBytes()).isEqualTo(22);

        // Reading costs no /proc read, however often: with the default interval nothing but the
        // thread's own samples reads, and none of it on this thread.
        long before = proc.reads.get();
        for (int i = 0; i < 10_000; i++) {
            s.usages().all();
            s.usages().of("a");
            s.usages().daemon();
        }
        assertThat(proc.threads).doesNotContain(Thread.currentThread().getName());
        assertThat(proc.reads.get() - before).isLessThan(100); // at most a few samples of the thread meanwhile
    }

    @Test
    void aStoppedProcessReadsAsNotSampledAtOnceAndKeepsItsOutputCounts() {
        ResourceSampler s = sampler();
        s.sample();
        assertThat(s.usages().of("a").sampledAt()).isPositive();
        assertThat(s.usages().of("b")).isEqualTo(UsageStore.notRunning("b", 11, 22));
        engine.put("a", ProcessState.STOPPED, 0); // stopped since the last sample
        ProcessUsage a = s.usages().of("a");
        assertThat(a.pid()).isZero();
        assertThat(a.sampledAt()).isZero();
        assertThat(a.rssBytes()).isZero();
        assertThat(a.stdoutBytes()).isEqualTo(11);
        assertThat(s.usages().all()).extracting(ProcessUsage::name).containsExactly("a", "b");
        assertThat(s.usages().of("nobody")).isEqualTo(ProcessUsage.none("nobody"));
        // Only running processes go to the engine, with the group's RSS and a rate unknown yet.
        assertThat(engine.usages).hasSize(1);
        assertThat(engine.usages.getFirst()).singleElement().satisfies(u -> {
            assertThat(u.process()).isEqualTo("a");
            assertThat(u.pid()).isEqualTo(100);
            assertThat(u.rssBytes()).isEqualTo(20 * 4096L);
            assertThat(u.cpuPercent()).isEqualTo(-1);
        });
    }

    @Test
    void theDaemonsOwnFiguresAreItsJvmsAlone() {
        ResourceSampler s = sampler();
        s.sample();
        ProcessUsage d = s.usages().daemon();
        assertThat(d.name()).isEqualTo("taskmasterd");
        assertThat(d.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(d.threads()).isEqualTo(30);
        assertThat(d.cpuUserSeconds()).isEqualTo(0.07);
        assertThat(d.openFiles()).isEqualTo(20);
    }

    @Test
    void withIntervalZeroReadsAskForASampleAtMostOnceASecond() throws Exception {
        engine.interval = 0;
        ResourceSampler s = sampler();
        s.start();
        Thread.sleep(1500); // nothing reads: nothing is sampled
        assertThat(proc.reads.get()).isZero();
        // A read asks for a sample and answers the last figures without waiting for it; whether
        // those are still none depends on which thread runs first, now that the request wakes the
        // sampler at once (it used to look once a second), so only the sample that follows is checked.
        s.usages().of("a");
        await().atMost(BOUND).until(() -> s.usages().of("a").sampledAt() > 0);
        long t0 = System.nanoTime();
        long samples0 = engine.usages.size();
        while (System.nanoTime() - t0 < 2_500_000_000L) {
            s.usages().all(); // thousands of reads
        }
        long samples = engine.usages.size() - samples0;
        assertThat(samples).isBetween(1L, 4L);
    }

    @Test
    void aReloadThatChangesTheIntervalAppliesIt() {
        engine.interval = 3600;
        engine.limited = Set.of("a"); // samples for its limits, nobody reading
        ResourceSampler s = sampler();
        s.start();
        await().atMost(BOUND).until(() -> engine.usages.size() == 1); // the first sample comes at once
        engine.interval = 1;
        s.reconfigured(); // as the daemon does after a reload
        await().atMost(BOUND).until(() -> engine.usages.size() >= 2);
    }

    /** A read of figures older than the interval (nobody read for a while) waits for a fresh sample. */
    @Test
    void aReadAfterAQuietSpellAnswersFreshFigures() {
        engine.interval = 5;
        AtomicLong clock = new AtomicLong(System.nanoTime());
        long self = ProcessHandle.current().pid();
        proc.process(
                (int) self, stat((int) self, "java", 'S', 1, 1, 7, 3, 0, 0, 30, 10), smaps(4096, 4000), io(0, 0), 20);
        ResourceSampler s = new ResourceSampler(engine, name -> new OutputCounts(11, 22), proc, 100, 4096, clock::get);
        sampler = s;
        s.start();
        await().atMost(BOUND).until(() -> engine.usages.size() == 1); // the first sample, then nothing is due
        clock.addAndGet(TimeUnit.HOURS.toNanos(1)); // an hour with no read
        proc.process(100, stat(100, "sh", 'S', 100, 100, 100, 50, 0, 0, 4, 10), smaps(2048, 1024), io(3, 4), 5);
        assertThat(s.usages().of("a").threads()).isEqualTo(5); // one read: the new figures, not the hour-old ones
        assertThat(proc.threads).containsOnly(ResourceSampler.THREAD_NAME);
    }
}
