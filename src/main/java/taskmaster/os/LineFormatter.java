package taskmaster.os;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.LongSupplier;

/**
 * Puts a label ({@code name | }) and/or a timestamp in front of every line of captured output,
 * for the output thread only. A chunk is scanned for newlines eight bytes at a time; the lines are
 * copied with their prefixes into one reusable native buffer, written out whenever it fills. A
 * partial line (no newline yet) is written at once; its continuation in the next chunk gets no
 * second prefix. All lines of one chunk arrived together and get the same time, so the time is
 * formatted at most once per chunk and per millisecond.
 */
final class LineFormatter {
    /** {@code 2026-11-21T21:05:03.123+01:00 }: ISO-8601 local time with milliseconds and offset. */
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

    static final int MAX_LABEL = 1024;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Where formatted bytes go. */
    interface Out {
        void write(MemorySegment data, long offset, long length);
    }

    private final MemorySegment out;
    private final ZoneId zone;
    private final LongSupplier clock;
    private long stampMillis = Long.MIN_VALUE;
    private byte[] stamp = new byte[0];

    LineFormatter(long capacity, ZoneId zone, LongSupplier clock) {
        this.out = Pages.map(capacity + MAX_LABEL + 64, Arena.ofAuto());
        this.zone = zone;
        this.clock = clock;
    }

    /** Today's stamp with its trailing space (cached per millisecond). */
    byte[] stamp() {
        long now = clock.getAsLong();
        if (now != stampMillis) {
            stampMillis = now;
            stamp = (STAMP.format(Instant.ofEpochMilli(now).atZone(zone)) + " ").getBytes(StandardCharsets.US_ASCII);
        }
        return stamp;
    }

    /**
     * Copies {@code in[0, length)} to {@code sink}, with {@code label} and (if asked) the time in
     * front of each line.
     *
     * @param atLineStart whether the previous chunk ended with a newline (or nothing came yet)
     * @return whether this chunk ends with a newline
     */
    boolean format(MemorySegment in, long length, byte[] label, boolean timestamps, boolean atLineStart, Out sink) {
        byte[] time = timestamps ? stamp() : null;
        long cap = out.byteSize();
        long pos = 0;
        long i = 0;
        boolean lineStart = atLineStart;
        while (i < length) {
            if (lineStart) {
                int need = label.length + (time == null ? 0 : time.length);
                if (pos + need > cap) {
                    sink.write(out, 0, pos);
                    pos = 0;
                }
                MemorySegment.copy(label, 0, out, JAVA_BYTE, pos, label.length);
                pos += label.length;
                if (time != null) {
                    MemorySegment.copy(time, 0, out, JAVA_BYTE, pos, time.length);
                    pos += time.length;
                }
            }
            long nl = indexOfNewline(in, i, length);
            long end = nl < 0 ? length : nl + 1;
            long n = end - i;
            if (pos + n > cap) {
                sink.write(out, 0, pos);
                pos = 0;
            }
            if (n > cap) {
                sink.write(in, i, n); // a line longer than the buffer: straight from the input
            } else {
                MemorySegment.copy(in, i, out, pos, n);
                pos += n;
            }
            i = end;
            lineStart = nl >= 0;
        }
        if (pos > 0) {
            sink.write(out, 0, pos);
        }
        return lineStart;
    }

    /** The index of the first '\n' in {@code seg[from, to)}, or -1; eight bytes at a time. */
    static long indexOfNewline(MemorySegment seg, long from, long to) {
        long i = from;
        while (i + 8 <= to) {
            long x = seg.get(JAVA_LONG_UNALIGNED, i) ^ NEWLINES;
            long t = (x - LOW_BITS) & ~x & HIGH_BITS;
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3); // little-endian: lowest byte first
            }
            i += 8;
        }
        for (; i < to; i++) {
            if (seg.get(JAVA_BYTE, i) == '\n') {
                return i;
            }
        }
        return -1;
    }
}
