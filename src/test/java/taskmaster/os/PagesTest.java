package taskmaster.os;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Buffers mapped page by page: zeros, resident only where touched, unmapped with their arena. */
class PagesTest {
    private static final long PAGE = 4096;
    private static final long MIB = 1024 * 1024;
    private static final Syscall MINCORE = new Syscall(27);

    @Test
    void aMappedBufferIsZeroAndCostsNoMemoryUntilItIsWritten() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment b = Pages.map(4 * MIB, arena);
            assertThat(b.byteSize()).isEqualTo(4 * MIB);
            assertThat(b.address() % PAGE).isZero();
            assertThat(residentPages(b)).isZero();

            b.set(JAVA_BYTE, 0, (byte) 1);
            b.set(JAVA_BYTE, MIB, (byte) 2);
            b.set(JAVA_BYTE, 4 * MIB - 1, (byte) 3);
            assertThat(residentPages(b)).isEqualTo(3);
            assertThat(b.get(JAVA_BYTE, 0)).isEqualTo((byte) 1);
            assertThat(b.get(JAVA_BYTE, MIB)).isEqualTo((byte) 2);
            assertThat(b.get(JAVA_BYTE, 4 * MIB - 1)).isEqualTo((byte) 3);
            assertThat(b.get(JAVA_BYTE, 1)).isZero();
        }
    }

    @Test
    void theArenaUnmapsItAndTheSegmentCannotBeUsedAfter() {
        MemorySegment b;
        try (Arena arena = Arena.ofConfined()) {
            b = Pages.map(MIB, arena);
            b.set(JAVA_BYTE, 10, (byte) 7);
            assertThat(residentPages(b)).isEqualTo(1);
        }
        MemorySegment freed = b;
        assertThat(residentPages(MemorySegment.ofAddress(freed.address()).reinterpret(MIB)))
                .isEqualTo(-1);
        assertThatThrownBy(() -> freed.get(JAVA_BYTE, 10)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSizeOfZeroIsRefusedWithTheSizeInTheMessage() {
        assertThatThrownBy(() -> Pages.map(0, Arena.ofAuto()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a mapping needs at least one byte, not 0");
    }

    @Test
    void aMappingTheKernelRefusesIsAnOutOfMemoryErrorNamingItsSize() {
        // 2^47 bytes: the whole of x86_64's 47-bit user address space, which no hole can hold
        // whatever the overcommit policy (a smaller size passes where vm.overcommit_memory is 1).
        assertThatThrownBy(() -> Pages.map(1L << 47, Arena.ofAuto()))
                .isInstanceOf(OutOfMemoryError.class)
                .hasMessageStartingWith("mmap of 140737488355328 bytes: ENOMEM");
    }

    /** mincore(2): the pages of {@code s} in memory, or -1 when no mapping covers it (ENOMEM). */
    private static long residentPages(MemorySegment s) {
        long pages = (s.byteSize() + PAGE - 1) / PAGE;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment vector = a.allocate(pages);
            if (MINCORE.call(s.address(), s.byteSize(), vector) < 0) {
                assertThat(Syscall.errno()).isEqualTo(Errno.ENOMEM);
                return -1;
            }
            long n = 0;
            for (long i = 0; i < pages; i++) {
                n += vector.get(JAVA_BYTE, i) & 1;
            }
            return n;
        }
    }
}
