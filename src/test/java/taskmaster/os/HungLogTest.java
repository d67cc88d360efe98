package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.engine.ExitStatus;
import taskmaster.model.Output;

/**
 * A log file whose write() never returns (a hung NFS or FUSE mount), staged by a Posix that blocks
 * writes to that one file: the exits of every process are still reported, within a bound.
 */
class HungLogTest extends LauncherTestBase {
    @TempDir
    static Path tmp;
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static volatile int hungFd = -1;

    @Override
    PosixSpawnLauncher newLauncher() {
        return new PosixSpawnLauncher(new ForwardingPosix() {
            @Override
            public int open(String path, int flags, int mode) throws PosixException {
                int fd = super.open(path, flags, mode);
                if (path.endsWith("hung.log")) {
                    hungFd = fd;
                }
                return fd;
            }

            @Override
            public long write(int fd, java.lang.foreign.MemorySegment b, long off, long n) throws PosixException {
                if (fd == hungFd) {
                    try {
                        RELEASE.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.write(fd, b, off, n);
            }
        }, System.getenv());
    }

    @AfterEach
    void release() {
        RELEASE.countDown();
    }

    @Test
    void aWriteThatNeverReturnsDelaysNoExitBeyondTheBound() throws Exception {
        Started stuck = spawn(SpecBuilder.shell("echo last words; exit 3")
                .stdout(new Output.ToFile(tmp.resolve("hung.log"))).build());
        await().atMost(BOUND).until(() -> hungFd >= 0);
        // The output thread is now inside the hung write, for good.
        Started other = spawn(SpecBuilder.shell("echo fine; exit 5").name("other")
                .stdout(new Output.ToFile(tmp.resolve("other.log"))).build());
        Started plain = spawn(SpecBuilder.command("false").name("plain").build());
        Duration bound = Duration.ofMillis(OutputCapture.EXIT_BOUND_MILLIS).plusSeconds(4);
        await().atMost(bound).until(() -> other.exit().isDone() && stuck.exit().isDone() && plain.exit().isDone());
        assertThat(stuck.exit().join()).isEqualTo(ExitStatus.exited(3));
        assertThat(other.exit().join()).isEqualTo(ExitStatus.exited(5));
        assertThat(plain.exit().join()).isEqualTo(ExitStatus.exited(1));
        assertThat(Files.exists(tmp.resolve("hung.log"))).isTrue();
    }
}
