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

    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int hungFd = -1;
    /** The file's splice descriptor (FileSink opens it through /proc/self/fd): a hung disk hangs splice too. */
    private volatile int hungSpliceFd = -1;

    @Override
    PosixSpawnLauncher newLauncher() {
        return new PosixSpawnLauncher(
                new ForwardingPosix() {
                    @Override
                    public int open(String path, int flags, int mode) throws PosixException {
                        int fd = super.open(path, flags, mode);
                        if (path.endsWith("hung.log")) {
                            hungFd = fd;
                        } else if (hungFd >= 0 && path.equals("/proc/self/fd/" + hungFd)) {
                            hungSpliceFd = fd;
                        }
                        return fd;
                    }

                    @Override
                    public long splice(int pipe, int out, long length) throws PosixException {
                        if (out == hungSpliceFd) {
                            hang();
                        }
                        return super.splice(pipe, out, length);
                    }

                    @Override
                    public long write(int fd, java.lang.foreign.MemorySegment b, long off, long n)
                            throws PosixException {
                        if (fd == hungFd) {
                            hang();
                        }
                        return super.write(fd, b, off, n);
                    }
                },
                System.getenv());
    }

    private void hang() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void release() {
        release.countDown();
    }

    @Test
    void aWriteThatNeverReturnsDelaysNoExitBeyondTheBound() throws Exception {
        Started stuck = spawn(SpecBuilder.shell("echo last words; exit 3")
                .stdout(new Output.ToFile(tmp.resolve("hung.log")))
                .build());
        await().atMost(BOUND).until(() -> hungFd >= 0);
        // The output thread is now inside the hung write, for good.
        Started other = spawn(SpecBuilder.shell("echo fine; exit 5")
                .name("other")
                .stdout(new Output.ToFile(tmp.resolve("other.log")))
                .build());
        Started plain = spawn(SpecBuilder.command("false").name("plain").build());
        Duration bound = Duration.ofMillis(OutputCapture.EXIT_BOUND_MILLIS).plusSeconds(4);
        await().atMost(bound)
                .until(() -> other.exit().isDone()
                        && stuck.exit().isDone()
                        && plain.exit().isDone());
        assertThat(stuck.exit().join()).isEqualTo(ExitStatus.exited(3));
        assertThat(other.exit().join()).isEqualTo(ExitStatus.exited(5));
        assertThat(plain.exit().join()).isEqualTo(ExitStatus.exited(1));
        assertThat(Files.exists(tmp.resolve("hung.log"))).isTrue();
    }

    @Test
    void closingDoesNotWaitLongForAWriteThatNeverReturns() throws Exception {
        spawn(SpecBuilder.shell("echo last words; exec sleep 100000")
                .stdout(new Output.ToFile(tmp.resolve("hung.log")))
                .build());
        await().atMost(BOUND).until(() -> hungFd >= 0);
        long start = System.nanoTime();
        launcher.output().close(); // what the daemon's shutdown does last
        // Bounded (5 s for the output thread's answer, 5 s more for it to end), not 30 + 30 s.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
}
