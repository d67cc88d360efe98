package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
}
