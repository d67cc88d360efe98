package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.engine.ExitStatus;

/** Spawns from many threads at once, each with its own umask, and spawning after close. */
class ConcurrentSpawnTest extends LauncherTestBase {
    @TempDir
    Path tmp;

    @Test
    void eachChildGetsItsOwnUmaskUnderConcurrentSpawns() throws Exception {
        int count = 40;
        int[] masks = {022, 027, 077, 002};
        List<Future<Started>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> spawn(SpecBuilder.shell("umask > " + tmp.resolve("u" + n))
                        .umask(masks[n % masks.length])
                        .build())));
            }
        }
        for (int i = 0; i < count; i++) {
            assertThat(futures.get(i).get().awaitExit()).isEqualTo(ExitStatus.exited(0));
            assertThat(Files.readString(tmp.resolve("u" + i)).trim())
                    .isEqualTo(String.format("%04o", masks[i % masks.length]));
        }
    }

    @Test
    void spawnAfterCloseIsRefusedAndStartsNothing() throws Exception {
        PosixSpawnLauncher closed = new PosixSpawnLauncher();
        closed.close();
        List<Long> before = Proc.childrenOf(ProcessHandle.current().pid());

        assertThatThrownBy(
                        () -> closed.spawn(SpecBuilder.command("sleep", "1000").build(), s -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the launcher is closed");
        assertThat(Proc.childrenOf(ProcessHandle.current().pid())).isEqualTo(before);
    }
}
