package taskmaster.os;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import taskmaster.mbeans.Fault;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.output.FileIds;
import taskmaster.output.LogChunk;
import taskmaster.output.LogStream;
import taskmaster.output.OutputException;

/**
 * Tails and offset reads of the current log file of a stream, for management. They run on the
 * caller's thread and read the file itself, never through the output thread: a reader is never held
 * up by a busy capture, and a hung log write holds up no reader of another file.
 */
final class LogReads {
    /** The most one read returns, whatever it asks for. */
    private static final int MAX_READ = 16 * 1024 * 1024;

    private LogReads() {}

    /** The last {@code bytes} bytes of the current file (fewer if it is smaller). */
    static LogChunk tail(ProcessOutput p, LogStream stream, int bytes) {
        Path file = file(p, stream);
        long size = sizeOf(file);
        return read(file, Math.max(0, size - Math.max(0, bytes)), bytes);
    }

    /** Up to {@code length} bytes from {@code offset}; from 0 when the file is now shorter than that. */
    static LogChunk read(ProcessOutput p, LogStream stream, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new OutputException(Fault.FAILED, "offset and length must not be negative");
        }
        return read(file(p, stream), offset, length);
    }

    private static Path file(ProcessOutput p, LogStream stream) {
        ProcessSpec spec = p.spec;
        String what = p.name + " " + stream.name().toLowerCase(Locale.ROOT);
        if (stream == LogStream.STDERR && spec.redirectStderr()) {
            throw new OutputException(Fault.FAILED, what + " goes to its stdout (redirect_stderr)");
        }
        return switch (ProcessOutput.output(spec, stream)) {
            case Output.ToFile f -> f.path();
            case Output.Discard d -> throw new OutputException(Fault.FAILED, what + " is discarded (NONE)");
            case Output.Forward f ->
                throw new OutputException(Fault.FAILED, what + " goes to the daemon's console, not to a file");
        };
    }

    private static long sizeOf(Path file) {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            return c.size();
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new OutputException(Fault.FAILED, "couldn't read " + file + ": " + e.getMessage());
        }
    }

    private static LogChunk read(Path file, long offset, int length) {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            long id = FileIds.of(file); // just after the open: the file read
            long size = c.size();
            long from = offset > size ? 0 : offset;
            int n = (int) Math.min(Math.min(length, MAX_READ), size - from);
            ByteBuffer b = ByteBuffer.allocate(n);
            while (b.hasRemaining() && c.read(b, from + b.position()) > 0) {
                // until n bytes, or the file shrank meanwhile
            }
            byte[] bytes = b.position() == n ? b.array() : Arrays.copyOf(b.array(), b.position());
            return new LogChunk(bytes, from, from + bytes.length, size, id);
        } catch (NoSuchFileException e) {
            return new LogChunk(new byte[0], 0, 0, 0, 0);
        } catch (IOException e) {
            throw new OutputException(Fault.FAILED, "couldn't read " + file + ": " + e.getMessage());
        }
    }
}
