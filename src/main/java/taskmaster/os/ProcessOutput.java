package taskmaster.os;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.output.LogStream;
import taskmaster.output.OutputCounts;

/**
 * The output of one process name: its settings and, while it has pipes open, the sinks its two
 * streams go to. A sink is opened with the first pipe of its stream and closed with the last pipe
 * of the process, so a quiet process holds no log file open between its runs. Used by the output
 * thread only, except {@link #spec}, which management reads on its own threads, and the byte
 * counts, which the resource sampler reads (opaque reads of fields only the output thread writes:
 * no lock and no fence on the output path, and a reader sees a recent count, never a torn one).
 */
final class ProcessOutput {
    private static final VarHandle STDOUT_BYTES;
    private static final VarHandle STDERR_BYTES;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STDOUT_BYTES = l.findVarHandle(ProcessOutput.class, "stdoutBytes", long.class);
            STDERR_BYTES = l.findVarHandle(ProcessOutput.class, "stderrBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String name;
    volatile ProcessSpec spec;
    /** Bytes read from the stdout pipes of every run of this name; written by the output thread only. */
    private long stdoutBytes;

    private long stderrBytes;
    private Sink out;
    private Sink err;
    /** Pipes of this name still open (both streams, every run whose output is still coming). */
    int pipes;
    /** The daemon's end of the running process's stdin pipe, or -1. */
    int stdinFd = -1;

    int stdinPid;

    ProcessOutput(String name, ProcessSpec spec) {
        this.name = name;
        this.spec = spec;
    }

    /** {@code n} bytes were read from a pipe of {@code stream}; on the output thread. */
    void counted(LogStream stream, long n) {
        if (stream == LogStream.STDOUT) {
            STDOUT_BYTES.setOpaque(this, stdoutBytes + n);
        } else {
            STDERR_BYTES.setOpaque(this, stderrBytes + n);
        }
    }

    /** The bytes read so far; from any thread. */
    OutputCounts counts() {
        return new OutputCounts((long) STDOUT_BYTES.getOpaque(this), (long) STDERR_BYTES.getOpaque(this));
    }

    /** Applies a reload's settings in place; a sink whose target changed is replaced. */
    void configure(ProcessSpec spec, Posix posix, Console console) {
        this.spec = spec;
        if (out != null) {
            out = updated(out, LogStream.STDOUT, posix, console);
        }
        if (err != null) {
            err = updated(err, LogStream.STDERR, posix, console);
        }
    }

    /** Whether a copy of {@code stream} goes to the event system (stderr merged into stdout has none of its own). */
    boolean tapped(LogStream stream) {
        ProcessSpec s = spec;
        return stream == LogStream.STDOUT ? s.tapStdout() : s.tapStderr() && !s.redirectStderr();
    }

    /** Whether a copy of {@code stream} goes to the log check (stdout only; stderr with it when merged into it). */
    boolean watched(LogStream stream) {
        return stream == LogStream.STDOUT && spec.watchesStdout();
    }

    /** The stream's sink, or null while no pipe of it is open or its output is discarded. */
    Sink sink(LogStream stream) {
        return stream == LogStream.STDOUT ? out : err;
    }

    /** A pipe of {@code stream} opened: its sink is opened unless it is already. */
    void pipeOpened(LogStream stream, Posix posix, Console console) {
        if (sink(stream) == null) {
            Sink s = newSink(stream, output(spec, stream), posix, console);
            if (stream == LogStream.STDOUT) {
                out = s;
            } else {
                err = s;
            }
        }
        pipes++;
    }

    /** A pipe closed: with the last one, nothing can write any more and the log files are closed. */
    void pipeClosed() {
        if (--pipes == 0) {
            if (out != null) {
                out.close();
                out = null;
            }
            if (err != null) {
                err.close();
                err = null;
            }
        }
    }

    /** The daemon's end of the stdin pipe of {@code pid}, the newest run; an older one's is closed. */
    void takeStdin(int fd, int pid, Posix posix) {
        OutputCapture.closeQuietly(posix, stdinFd);
        stdinFd = fd;
        stdinPid = pid;
    }

    void closeStdin(Posix posix) {
        OutputCapture.closeQuietly(posix, stdinFd);
        stdinFd = -1;
    }

    /** Closes and reopens the open log files (SIGUSR2). */
    void reopen() {
        for (Sink s : new Sink[] {out, err}) {
            if (s instanceof FileSink f) {
                f.reopen();
            }
        }
    }

    /** Where {@code stream} goes: stderr merged into stdout has no target of its own. */
    static Output output(ProcessSpec spec, LogStream stream) {
        if (stream == LogStream.STDOUT) {
            return spec.stdout();
        }
        return spec.redirectStderr() ? Output.DISCARD : spec.stderr();
    }

    private Sink newSink(LogStream stream, Output target, Posix posix, Console console) {
        boolean ts = spec.timestamps();
        return switch (target) {
            case Output.ToFile f -> new FileSink(posix, name, stream, f, ts);
            case Output.Forward f -> new ConsoleSink(console, name, stream, f, ts);
            case Output.Discard d -> null;
        };
    }

    private Sink updated(Sink sink, LogStream stream, Posix posix, Console console) {
        Output target = stream == LogStream.STDOUT ? spec.stdout() : spec.stderr();
        if (sink.sameTarget(target)) {
            sink.update(target, spec.timestamps());
            return sink;
        }
        sink.close();
        return newSink(stream, target, posix, console);
    }
}
