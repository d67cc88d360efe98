package taskmaster.os;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain calls of the FFM seam, and how their errors read. */
class NativePosixTest {
    private final Posix posix = Posix.linux();

    @Test
    void identity() {
        assertThat(posix.getpid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(posix.geteuid()).isGreaterThanOrEqualTo(0);
        assertThat(posix.getuid()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void umaskReturnsThePreviousOne() {
        int original = posix.umask(0077);
        try {
            assertThat(posix.umask(0022)).isEqualTo(0077);
        } finally {
            posix.umask(original);
        }
    }

    @Test
    void killOfNoProcessIsEsrch() {
        // pid_max is at most 4194304, so this pid cannot exist.
        assertThatThrownBy(() -> posix.kill(4_194_305, 0))
                .isInstanceOf(PosixException.class)
                .hasMessage("kill(4194305, 0): ESRCH (No such process)")
                .extracting(e -> ((PosixException) e).errno())
                .isEqualTo(Errno.ESRCH);
    }

    @Test
    void killWithABadSignalIsEinval() {
        assertThatThrownBy(() -> posix.kill(posix.getpid(), 12345))
                .hasMessage("kill(" + posix.getpid() + ", 12345): EINVAL (Invalid argument)");
    }

    @Test
    void closeOfABadDescriptorIsEbadf() {
        assertThatThrownBy(() -> posix.close(-1)).hasMessage("close(-1): EBADF (Bad file descriptor)");
    }

    @Test
    void anIgnoredSignalIsSetBackToItsDefaultAndAnyOtherIsLeft() throws Exception {
        int sigurg = 23; // the JVM neither handles nor ignores it
        try (Arena arena = Arena.ofConfined()) {
            // The kernel's struct sigaction: SIG_IGN (1), no flags, no restorer, an empty mask.
            MemorySegment ignore = arena.allocate(32, 8);
            ignore.set(JAVA_LONG, 0, 1L);
            assertThat(Syscall.RT_SIGACTION.call(sigurg, ignore, 0, 8)).isZero();
            assertThat(posix.unignoreSignal(sigurg)).isTrue();
            MemorySegment now = arena.allocate(32, 8);
            assertThat(Syscall.RT_SIGACTION.call(sigurg, 0, now, 8)).isZero();
            assertThat(now.get(JAVA_LONG, 0)).as("SIG_DFL").isZero();
            assertThat(posix.unignoreSignal(sigurg)).isFalse();
        }
        // SIGQUIT is the JVM's own (thread dumps): handled, so left as it is.
        assertThat(posix.unignoreSignal(3)).isFalse();
    }

    @Test
    void aSystemCallRefusesMemoryItCannotHandToTheKernel() {
        MemorySegment heap = MemorySegment.ofArray(new byte[8]);
        assertThatThrownBy(() -> Syscall.READ.call(0, heap, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a system call needs native memory");
        MemorySegment freed;
        try (Arena arena = Arena.ofConfined()) {
            freed = arena.allocate(8);
        }
        assertThatThrownBy(() -> Syscall.READ.call(0, freed, 8))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a system call was given memory already freed");
    }

    @Test
    void errnoWithoutANameStillReads() {
        assertThat(Errno.describe(133)).isEqualTo("errno 133 (Unknown error 133)");
    }

    @Test
    void eventfdWakesEpoll() throws Exception {
        int ep = posix.epollCreate();
        int ev = posix.eventfd();
        try {
            posix.epollAdd(ep, ev, 42);
            posix.eventfdSignal(ev);
            long[] ready = new long[4];
            assertThat(posix.epollWait(ep, ready)).isEqualTo(1);
            assertThat(ready[0]).isEqualTo(42);
        } finally {
            posix.close(ev);
            posix.close(ep);
        }
    }

    @Test
    void spliceMovesAPipeToAFileButNotToAnAppendOne(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("f.log");
        int[] pipe = posix.pipe();
        int append =
                posix.open(file.toString(), SpawnRequest.O_WRONLY | SpawnRequest.O_CREAT | SpawnRequest.O_APPEND, 0600);
        int plain = posix.open("/proc/self/fd/" + append, 2, 0); // the same file, without O_APPEND
        try (Arena arena = Arena.ofConfined()) {
            posix.setNonBlocking(pipe[0]);
            MemorySegment hello = arena.allocateFrom("hello\n", StandardCharsets.US_ASCII);
            posix.write(pipe[1], hello, 0, 6);
            // the refusal FileSink turns into "copy from now on"; the bytes stay in the pipe
            assertThatThrownBy(() -> posix.splice(pipe[0], append, 1 << 20))
                    .extracting(e -> ((PosixException) e).errno())
                    .isEqualTo(Errno.EINVAL);
            assertThat(posix.seekEnd(plain)).isZero();
            assertThat(posix.splice(pipe[0], plain, 1 << 20)).isEqualTo(6);
            assertThat(posix.splice(pipe[0], plain, 1 << 20))
                    .as("empty: EAGAIN")
                    .isEqualTo(-1);
            posix.close(pipe[1]);
            assertThat(posix.splice(pipe[0], plain, 1 << 20)).as("end of file").isZero();
            MemorySegment last = arena.allocate(1);
            assertThat(posix.pread(plain, last, 1, 5)).isEqualTo(1);
            assertThat((char) last.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0))
                    .isEqualTo('\n');
        } finally {
            posix.close(pipe[0]);
            posix.close(append);
            posix.close(plain);
        }
        assertThat(Files.readString(file)).isEqualTo("hello\n");
    }
}
