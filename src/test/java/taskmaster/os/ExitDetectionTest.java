package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import taskmaster.engine.ExitStatus;
import taskmaster.model.Signal;

/** Exits are reported once each, promptly, by one thread. */
class ExitDetectionTest extends LauncherTestBase {

    @Test
    void reportsTheExitCode() throws Exception {
        assertThat(spawn(SpecBuilder.shell("exit 3").build()).awaitExit()).isEqualTo(ExitStatus.exited(3));
    }

    @Test
    void reportsAKillFromOutsidePromptly() throws Exception {
        AtomicLong reportedAt = new AtomicLong();
        var reported = new java.util.concurrent.CompletableFuture<ExitStatus>();
        long pid = launcher.spawn(SpecBuilder.command("sleep", "1000").build(), status -> {
            reportedAt.set(System.nanoTime());
            reported.complete(status);
        });
        started.add(pid);

        long killedAt = System.nanoTime();
        Posix.linux().kill((int) pid, 9); // not through the launcher, like `kill -9` from a shell
        await().atMost(BOUND).until(reported::isDone);

        assertThat(reported.join()).isEqualTo(ExitStatus.killed(9));
        System.out.printf("exit of a SIGKILLed child reported after %.3f ms%n", (reportedAt.get() - killedAt) / 1e6);
    }

    @Test
    void describesDeathBySignal() throws Exception {
        Started s = spawn(SpecBuilder.command("sleep", "1000").build());
        assertThat(launcher.signal(s.pid(), Signal.TERM, false)).isTrue();
        ExitStatus status = s.awaitExit();
        assertThat(status).isEqualTo(ExitStatus.killed(15));
        assertThat(status.describe()).isEqualTo("terminated by SIGTERM");
    }

    @Test
    void everyExitReportedOnceWithItsOwnCode() throws Exception {
        int count = 200;
        AtomicInteger[] reports = new AtomicInteger[count];
        ExitStatus[] statuses = new ExitStatus[count];
        Set<String> threads = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < count; i++) {
            int n = i;
            reports[n] = new AtomicInteger();
            long pid = launcher.spawn(SpecBuilder.shell("exit " + (n % 100)).build(), status -> {
                statuses[n] = status;
                threads.add(Thread.currentThread().getName());
                reports[n].incrementAndGet();
            });
            started.add(pid);
        }
        await().atMost(BOUND).until(() -> java.util.Arrays.stream(reports).allMatch(r -> r.get() > 0));
        await().atMost(BOUND).until(() -> launcher.running() == 0);
        for (int i = 0; i < count; i++) {
            assertThat(reports[i].get()).as("reports of child %d", i).isEqualTo(1);
            assertThat(statuses[i]).isEqualTo(ExitStatus.exited(i % 100));
        }
        assertThat(threads).containsExactly("taskmaster-reaper");
    }

    @Test
    void reportsOnTheReaperThread() throws Exception {
        var thread = new java.util.concurrent.CompletableFuture<String>();
        started.add(launcher.spawn(
                SpecBuilder.shell("exit 0").build(),
                s -> thread.complete(Thread.currentThread().getName())));
        await().atMost(BOUND).until(thread::isDone);
        assertThat(thread.join()).isEqualTo("taskmaster-reaper");
    }

    @Test
    void signalOfAnExitedProcessReturnsFalse() throws Exception {
        Started s = spawn(SpecBuilder.shell("exit 0").build());
        s.awaitExit();
        assertThat(launcher.signal(s.pid(), Signal.TERM, false)).isFalse();
        assertThat(launcher.signal(s.pid(), Signal.TERM, true)).isFalse();
    }

    @Test
    void jdkProcessesStillGetTheirExitCodes() throws Exception {
        spawn(SpecBuilder.command("sleep", "1000").build());
        Process p = new ProcessBuilder("sh", "-c", "exit 42").start();
        assertThat(p.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(42);
    }

    @Test
    void closeStopsTheReaperThread() {
        PosixSpawnLauncher other = new PosixSpawnLauncher();
        other.close();
        await().atMost(BOUND)
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                                .filter(t -> t.getName().equals("taskmaster-reaper"))
                                .count()
                        == 1);
    }
}
