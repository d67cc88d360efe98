package taskmaster.management;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.LogData;
import taskmaster.mbeans.Result;
import taskmaster.output.LogChunk;
import taskmaster.output.LogStream;
import taskmaster.output.OutputControl;
import taskmaster.output.OutputCounts;
import taskmaster.output.OutputException;

/**
 * The captured output and the event log as the beans serve them: arguments checked and bounded,
 * bytes turned into {@link LogData} on UTF-8 boundaries, {@link OutputException}s turned into
 * {@code FAULT: name: explanation} exceptions.
 */
final class Logs {

    /** The most bytes one call returns. */
    static final int MAX_LENGTH = 1024 * 1024;

    private final Supplier<OutputControl> output;

    Logs(Supplier<OutputControl> output) {
        this.output = output;
    }

    private OutputControl output(String name) {
        OutputControl o = output.get();
        if (o == null) {
            throw Ops.failure(Fault.FAILED, name, "this daemon's launcher does not capture output");
        }
        return o;
    }

    /** The bytes captured so far of a process's streams (none without a capture); never fails. */
    OutputCounts counts(String process) {
        OutputControl o = output.get();
        return o == null ? OutputCounts.NONE : o.counts(process);
    }

    LogData tail(String process, LogStream stream, int bytes) {
        checkLength(process, "bytes", bytes);
        LogChunk c = call(process, () -> output(process).tail(process, stream, bytes));
        return data(c.bytes(), c.offset(), c.size(), c.fileId(), true);
    }

    LogData read(String process, LogStream stream, long offset, int length) {
        checkLength(process, "length", length);
        if (offset < 0) {
            throw Ops.failure(
                    Fault.BAD_ARGUMENTS,
                    process,
                    "offset " + offset + " is negative (allowed: a byte"
                            + " offset, 0 or more; tail reads from the end)");
        }
        LogChunk c = call(process, () -> output(process).read(process, stream, offset, length));
        return data(c.bytes(), c.offset(), c.size(), c.fileId(), false);
    }

    Result clear(String process) {
        call(process, () -> {
            output(process).clear(process);
            return null;
        });
        return new Result(process, true, "", "cleared");
    }

    Result rotate(String process) {
        call(process, () -> {
            output(process).rotate(process);
            return null;
        });
        return new Result(process, true, "", "rotated");
    }

    int sendStdin(String process, String text) {
        byte[] bytes = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_LENGTH) {
            throw Ops.failure(
                    Fault.BAD_ARGUMENTS,
                    process,
                    bytes.length + " bytes is more than one call takes" + " (allowed: up to " + MAX_LENGTH + " bytes)");
        }
        return call(process, () -> output(process).writeStdin(process, bytes));
    }

    /** {@link #clear} or {@link #rotate} of each process: a {@link Result} each, failures included. */
    List<Result> each(List<String> processes, java.util.function.Function<String, Result> op) {
        List<Result> out = new ArrayList<>();
        for (String p : processes) {
            try {
                out.add(op.apply(p));
            } catch (IllegalArgumentException | IllegalStateException e) {
                String m = e.getMessage();
                int colon = m.indexOf(": ");
                String fault = colon > 0 ? m.substring(0, colon) : Fault.FAILED.name();
                String prefix = fault + ": " + p + ": ";
                out.add(new Result(p, false, fault, m.startsWith(prefix) ? m.substring(prefix.length()) : m));
            }
        }
        return out;
    }

    /** The event log: {@code offset < 0} reads from {@code -offset} bytes before the end. */
    static LogData readFile(Path file, long offset, int requested) {
        String name = "taskmasterd";
        checkLength(name, "length", requested);
        // supervisord's readLog(-N, 0): the last N bytes, whatever their length.
        int length = offset < 0 && requested == 0 ? (int) Math.min(-offset, MAX_LENGTH) : requested;
        if (file == null) {
            throw Ops.failure(
                    Fault.NO_FILE,
                    name,
                    "the daemon has no event log file (set logfile in"
                            + " [taskmasterd]); it logs to its console only");
        }
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = c.size();
            long from = offset < 0 ? Math.max(0, size + offset) : offset > size ? 0 : offset;
            int n = (int) Math.min(length, size - from);
            ByteBuffer b = ByteBuffer.allocate(n);
            while (b.hasRemaining() && c.read(b, from + b.position()) > 0) {
                // until n bytes, or the file shrank meanwhile
            }
            byte[] bytes = java.util.Arrays.copyOf(b.array(), b.position());
            return data(bytes, from, size, taskmaster.output.FileIds.of(file), offset < 0);
        } catch (NoSuchFileException e) {
            throw Ops.failure(Fault.NO_FILE, name, "the event log " + file + " does not exist");
        } catch (IOException e) {
            throw Ops.failure(Fault.FAILED, name, "couldn't read " + file + ": " + e.getMessage());
        }
    }

    private static void checkLength(String name, String what, int n) {
        if (n < 0 || n > MAX_LENGTH) {
            throw Ops.failure(
                    Fault.BAD_ARGUMENTS,
                    name,
                    what + " " + n + " is out of range (allowed: 0 to " + MAX_LENGTH + " bytes per call)");
        }
    }

    private interface Call<T> {
        T call();
    }

    private static <T> T call(String process, Call<T> c) {
        try {
            return c.call();
        } catch (OutputException e) {
            String m = e.getMessage();
            throw Ops.failure(e.fault(), process, m.startsWith(process + " ") ? m.substring(process.length() + 1) : m);
        }
    }

    /**
     * {@code bytes} read at {@code offset} as {@link LogData}: a trailing incomplete UTF-8 sequence is
     * left for the next read, and with {@code alignStart} (a tail, which starts anywhere) leading
     * continuation bytes are skipped.
     */
    static LogData data(byte[] bytes, long offset, long size, long fileId, boolean alignStart) {
        int start = 0;
        if (alignStart) {
            while (start < bytes.length && start < 3 && isContinuation(bytes[start])) {
                start++;
            }
        }
        int end = completeEnd(bytes, start);
        String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
        return new LogData(text, offset + start, offset + end, size, fileId);
    }

    /** Where {@code bytes} end without cutting a multi-byte sequence (unless nothing would be left). */
    static int completeEnd(byte[] bytes, int start) {
        int len = bytes.length;
        for (int i = len - 1; i >= Math.max(start, len - 4); i--) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                return len; // ASCII: nothing cut
            }
            if (b >= 0xC0) {
                int need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return i + need > len && i > start ? i : len;
            }
        }
        return len;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
