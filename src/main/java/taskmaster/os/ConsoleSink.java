package taskmaster.os;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import taskmaster.model.Output;
import taskmaster.output.LogStream;

/** A stream forwarded to the daemon's stdout or stderr, each line as {@code name | line}. */
final class ConsoleSink extends Sink {
    private final Console console;
    private final int fd;

    ConsoleSink(Console console, String process, LogStream stream, Output.Forward target, boolean timestamps) {
        super(process, stream, label(process), timestamps);
        this.console = console;
        this.fd = target.fd();
    }

    private static byte[] label(String process) {
        byte[] b = (process + " | ").getBytes(StandardCharsets.UTF_8);
        return b.length <= LineFormatter.MAX_LABEL ? b : Arrays.copyOf(b, LineFormatter.MAX_LABEL);
    }

    @Override
    void accept(MemorySegment in, long length, LineFormatter formatter) {
        console.claim(fd, this);
        super.accept(in, length, formatter);
        console.release(fd, this);
    }

    @Override
    public void write(MemorySegment data, long offset, long length) {
        console.write(fd, data, offset, length);
    }

    @Override
    boolean sameTarget(Output output) {
        return output instanceof Output.Forward f && f.fd() == fd;
    }
}
