package taskmaster.os;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import taskmaster.engine.ExitStatus;
import taskmaster.engine.SpawnException;
import taskmaster.model.ProcessSpec;

/** A real launcher per test; every process group a test started is SIGKILLed after it. */
abstract class LauncherTestBase {
    static final Duration BOUND = Duration.ofSeconds(10);

    /** A log file's text, or "" while it does not exist (or cannot be read): for waits that poll it. */
    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** A log file's size, or 0 while it does not exist. */
    static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The lines "from" to "to", one number each: output whose order a test can check. */
    static String numbers(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i <= to; i++) {
            b.append(i).append('\n');
        }
        return b.toString();
    }

    PosixSpawnLauncher launcher;
    final List<Long> started = new CopyOnWriteArrayList<>();

    record Started(long pid, CompletableFuture<ExitStatus> exit) {
        ExitStatus awaitExit() {
            await().atMost(BOUND).until(exit::isDone);
            return exit.join();
        }
    }

    @BeforeEach
    void startLauncher() {
        launcher = newLauncher();
    }

    PosixSpawnLauncher newLauncher() {
        return new PosixSpawnLauncher();
    }

    Started spawn(ProcessSpec spec) throws SpawnException {
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        long pid = launcher.spawn(spec, status -> {
            if (!exit.complete(status)) {
                throw new AssertionError("exit reported twice for " + spec.name());
            }
        });
        started.add(pid);
        return new Started(pid, exit);
    }

    @AfterEach
    void killEverything() {
        for (long pid : started) {
            try {
                // A test may stop before the leader exits: its group is still ours to kill.
                Posix.linux().kill((int) -pid, 9);
            } catch (PosixException ignored) {
                // already gone
            }
        }
        // Reaped before closing, so no zombie of ours outlives the test.
        await().atMost(BOUND).until(() -> launcher.running() == 0);
        launcher.close();
    }
}
