package taskmaster.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The daemon's own stdout and stderr, shared by every process forwarded there. Only the output
 * thread hands them output, through a {@link ConsoleWriter} that never blocks, so lines never mix
 * mid-line; when a process left a partial line and another one writes to the same descriptor, a newline ends the partial line first (and the partial
 * line's continuation gets its prefix again). Never seeked, never rotated.
 */
final class Console {
    private final Sink[] openLine = new Sink[3];
    private final MemorySegment newline = Arena.ofAuto().allocate(1);

    Console() {
        newline.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) '\n');
    }

    /** Before {@code sink} writes to {@code fd}: end another sink's partial line. */
    void claim(int fd, Sink sink) {
        Sink other = openLine[fd];
        if (other != null && other != sink) {
            write(fd, newline, 0, 1);
            other.atLineStart = true;
            openLine[fd] = null;
        }
    }

    /** After {@code sink} wrote to {@code fd}. */
    void release(int fd, Sink sink) {
        openLine[fd] = sink.atLineStart ? null : sink;
    }

    /** Hands the bytes to the descriptor's {@link ConsoleWriter}: never blocks, drops what does not fit. */
    void write(int fd, MemorySegment data, long offset, long length) {
        ConsoleWriter.of(fd).offer(data, offset, length);
    }
}
