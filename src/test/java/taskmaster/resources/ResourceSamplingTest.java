package taskmaster.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.config.ConfigLoader;
import taskmaster.engine.Engine;
import taskmaster.engine.ThreadLoop;
import taskmaster.mbeans.ProcessState;
import taskmaster.os.PosixSpawnLauncher;
import taskmaster.os.Sysconf;
import taskmaster.testing.Procs;

/**
 * Sampling real programs, started by the daemon's engine and launcher (each in a session of its
 * own), read from the real {@code /proc}: process counts, threads, memory, CPU, descriptors,
 * output bytes, and the daemon's own figures (here this JVM's). One engine for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceSamplingTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final long MB = 1024 * 1024;

    private final String tag = UUID.randomUUID().toString();
    private ThreadLoop loop;
    private PosixSpawnLauncher launcher;
    private Engine engine;
    private ResourceSampler sampler;

    private static final String PROGRAMS = """
        [program:forker]
        command = sh -c 'sleep 100000 & sleep 100000 & wait'
        [program:memory]
        command = /usr/bin/python3 -c "b = bytearray(64 << 20); import time; time.sleep(1e6)"
        [program:burner]
        command = sh -c 'while :; do :; done'
        [program:sleeper]
        command = sleep 100000
        [program:fds]
        command = sh -c 'exec 3</dev/null 4</dev/null 5</dev/null 6</dev/null 7</dev/null; exec sleep 100000'
        [program:printer]
        command = sh -c 'head -c 5000 /dev/zero; head -c 123 /dev/zero >&2; exec sleep 100000'
        stdout_logfile = DIR/printer.out
        stderr_logfile = DIR/printer.err
        [program:stopped]
        command = sleep 100000
        """;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("taskmaster.conf");
        Files.writeString(
                conf,
                "[taskmasterd]\nenvironment = TM_TEST_TAG=" + tag + "\nsample_interval = 3600\n\n"
                        + PROGRAMS.replace("DIR", dir.toString()).replace("\n[", "\nstartsecs = 0\n["));
        loop = new ThreadLoop("taskmaster-loop");
        launcher = new PosixSpawnLauncher();
        engine = new Engine(loop, launcher, e -> {});
        engine.reload(new ConfigLoader().load(conf)).get(30, TimeUnit.SECONDS);
        await().atMost(BOUND).until(() -> engine.processes().stream()
                .allMatch(p -> p.state() == ProcessState.RUNNING));
        // Sampled by hand below (sample() on the test's thread), so each test sees its own samples.
        sampler = new ResourceSampler(
                Supervised.by(engine),
                name -> launcher.output().counts(name),
                new LiveProcFiles(),
                Sysconf.clockTicks(),
                Sysconf.pageSize());
    }

    @AfterAll
    void stop() throws Exception {
        if (engine != null) {
            engine.shutdown().get(60, TimeUnit.SECONDS);
            launcher.close();
            loop.close();
        }
        Procs.killAll("TM_TEST_TAG", tag);
    }

    /** Samples until {@code name}'s figures pass {@code test}; returns them. */
    private ProcessUsage sampledUntil(String name, Predicate<ProcessUsage> test) {
        ProcessUsage[] last = new ProcessUsage[1];
        await().atMost(BOUND)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    sampler.sample();
                    last[0] = sampler.usages().of(name);
                    return test.test(last[0]);
                });
        return last[0];
    }

    @Test
    void aProgramThatForkedCountsEveryProcessOfItsSessionAndTheirThreads() {
        ProcessUsage u = sampledUntil("forker", x -> x.processes() == 3);
        assertThat(u.pid()).isEqualTo(engine.process("forker").orElseThrow().pid());
        assertThat(u.threads()).isEqualTo(3); // sh and two sleeps, one thread each
        assertThat(u.sampledAt()).isPositive();
    }

    @Test
    void memoryItTouchedIsResidentAndItsPssIsCounted() {
        ProcessUsage u = sampledUntil("memory", x -> x.rssBytes() >= 64 * MB);
        assertThat(u.pssBytes()).isPositive().isLessThanOrEqualTo(u.rssBytes());
        assertThat(u.processes()).isEqualTo(1);
    }

    @Test
    void aBurnerUsesAboutOneCoreAndASleeperNone() throws Exception {
        try {
            ProcessUsage burner = sampledUntil("burner", x -> x.cpuPercent() >= 0);
            // Generous bounds: the machine is shared; the burner may not get a whole core.
            burner = sampledUntil("burner", x -> x.cpuPercent() > 25);
            assertThat(burner.cpuPercent()).isLessThan(150);
            assertThat(burner.cpuUserSeconds() + burner.cpuSystemSeconds()).isPositive();
            ProcessUsage sleeper = sampledUntil("sleeper", x -> x.cpuPercent() >= 0);
            assertThat(sleeper.cpuPercent()).isLessThan(5);
        } finally {
            engine.stop(List.of("burner")).get(30, TimeUnit.SECONDS); // the other tests need no busy core
        }
    }

    @Test
    void openDescriptorsCountTheOnesAProgramOpened() {
        ProcessUsage plain = sampledUntil("sleeper", x -> x.openFiles() > 0);
        ProcessUsage fds = sampledUntil("fds", x -> x.openFiles() > 0);
        assertThat(fds.openFiles()).isEqualTo(plain.openFiles() + 5);
        assertThat(fds.readBytes()).isNotNegative(); // our own programs' io is readable
        assertThat(fds.writeBytes()).isNotNegative();
    }

    @Test
    void outputCountsAreWhatTheProgramPrinted() {
        ProcessUsage u = sampledUntil("printer", x -> x.stdoutBytes() == 5000 && x.stderrBytes() == 123);
        assertThat(u.stdoutBytes()).isEqualTo(5000);
    }

    @Test
    void aStoppedProcessReadsAsNotSampled() throws Exception {
        sampledUntil("stopped", x -> x.sampledAt() > 0);
        engine.stop(List.of("stopped")).get(30, TimeUnit.SECONDS);
        // Before the next sample, and after it.
        assertThat(sampler.usages().of("stopped").sampledAt()).isZero();
        sampler.sample();
        ProcessUsage u = sampler.usages().of("stopped");
        assertThat(u.pid()).isZero();
        assertThat(u.sampledAt()).isZero();
        assertThat(u.rssBytes()).isZero();
        assertThat(u.cpuPercent()).isZero();
        assertThat(sampler.usages().all()).extracting(ProcessUsage::name).contains("stopped", "sleeper");
    }

    @Test
    void theDaemonsOwnFiguresAreNotZero() {
        sampler.sample();
        sampler.sample();
        ProcessUsage d = sampler.usages().daemon();
        assertThat(d.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(d.rssBytes()).isGreaterThan(10 * MB);
        assertThat(d.pssBytes()).isPositive();
        assertThat(d.threads()).isGreaterThan(5);
        assertThat(d.openFiles()).isGreaterThan(3);
        assertThat(d.cpuUserSeconds()).isPositive();
        assertThat(d.cpuPercent()).isNotNegative();
        assertThat(d.processes()).isEqualTo(1);
    }
}
