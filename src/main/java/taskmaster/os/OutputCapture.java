package taskmaster.os;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.mbeans.Fault;
import taskmaster.model.ProcessSpec;
import taskmaster.output.LogChunk;
import taskmaster.output.LogStream;
import taskmaster.output.OutputControl;
import taskmaster.output.OutputCounts;
import taskmaster.output.OutputException;
import taskmaster.output.OutputTap;
import taskmaster.output.StdoutWatcher;

/**
 * Captures the output of every process with one thread, {@value #THREAD_NAME}, and no polling
 * ({@link OutputLoop}); writes it to log files or the daemon's console ({@link ProcessOutput},
 * {@link Sink}); rotates ({@link LogRotation}) and serves reads ({@link LogReads}) to management.
 * A quiet process costs one descriptor per pipe and a few small objects; its log file is open only
 * while its pipes are.
 *
 * <p><b>Exits.</b> The reaper hands each exit of a captured process here ({@link #exited}); the
 * process's pipes are read until empty (everything the program wrote before it ended is in them)
 * and only then is the exit reported. That wait is bounded ({@value #EXIT_BOUND_MILLIS} ms): an
 * output thread stuck in a write (a hung log file system) delays no exit longer than that, and
 * the console never stalls it at all (see {@link ConsoleWriter}). A pipe still held open by
 * something the program left behind stays captured until its last writer closes it.
 *
 * <p><b>Tap.</b> A tapped stream (an event listener's stdout, {@code stdout_events_enabled},
 * {@code stderr_events_enabled}) is a pipe even when its output is discarded; each chunk read from
 * it goes to its log as any other, then a copy to the {@link #tap}, in order, on the output thread.
 * Only tapped chunks are copied: an untapped stream costs what it cost without a tap.
 *
 * <p>All state is the output thread's; other threads hand it work through a queue and an eventfd.
 */
public final class OutputCapture implements OutputControl, AutoCloseable {
    static final String THREAD_NAME = "taskmaster-io";
    static final String CLOSED = "the output capture is closed";
    private static final Logger LOG = LogManager.getLogger("taskmaster.output");
    private static final long CALL_BOUND_SECONDS = 30;
    /** How long close waits for the output thread: a hung log write must not hold up the daemon's exit. */
    private static final long CLOSE_BOUND_SECONDS = 5;
    /** How long an exit waits for its process's output to be written before it is reported anyway. */
    static final long EXIT_BOUND_MILLIS = 1000;

    private final Posix posix;
    private final EpollLoop loop;
    private final OutputLoop io;
    private final Map<String, ProcessOutput> entries = new ConcurrentHashMap<>();
    /** Reports an exit the output thread did not get to in time (see {@link #exited}). */
    private final ScheduledThreadPoolExecutor exitBound = new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("taskmaster-exit-bound").daemon().factory());

    private volatile boolean closing;

    OutputCapture(Posix posix) throws PosixException {
        this.posix = posix;
        this.loop = new EpollLoop(posix, THREAD_NAME, "output capture", LOG);
        this.io = new OutputLoop(posix, loop, LOG);
        loop.start(io);
    }

    /**
     * Where tapped streams ({@link ProcessSpec#tapStdout()}, {@link ProcessSpec#tapStderr()}) are
     * copied, chunk by chunk in the order read, on the output thread; after what they go to (the
     * log file, the console) has been written. Set before the first spawn, so no chunk is missed.
     */
    public void tap(OutputTap tap) {
        execute(() -> io.tap(tap));
    }

    /**
     * Where the stdout of processes with a log check ({@link ProcessSpec#watchesStdout()}) is
     * copied, chunk by chunk in the order read, on the output thread, with the spec it was read
     * under. Set before the first spawn, so no chunk is missed.
     */
    public void watch(StdoutWatcher watcher) {
        execute(() -> io.watch(watcher));
    }

    // ---- from the launcher ----

    /** The settings of a process, at its creation and on every reload: changes apply in place. */
    void configure(ProcessSpec spec) {
        execute(() -> entries.computeIfAbsent(spec.name(), n -> new ProcessOutput(n, spec))
                .configure(spec, posix, io.console()));
    }

    /** Takes over the daemon's ends of a spawned process's pipes (the child's are closed already). */
    void attach(ProcessSpec spec, int pid, ChildPipes p) {
        execute(() -> {
            ProcessOutput e = entries.computeIfAbsent(spec.name(), n -> new ProcessOutput(n, spec));
            e.spec = spec;
            if (p.outRead() >= 0) {
                io.add(e, LogStream.STDOUT, p.outRead(), pid);
            }
            if (p.errRead() >= 0) {
                io.add(e, LogStream.STDERR, p.errRead(), pid);
            }
            if (p.inWrite() >= 0) {
                e.takeStdin(p.inWrite(), pid, posix);
            }
        });
    }

    /**
     * Process {@code pid} ended: read its pipes until they are empty, then run {@code report}
     * (which tells the engine), on the output thread; or, when the output thread has not done so
     * within {@value #EXIT_BOUND_MILLIS} ms (it is stuck writing somewhere), on a timer thread,
     * with a warning. {@code report} runs exactly once, and not on the caller's thread (the
     * reaper) unless the capture is closed.
     */
    void exited(String name, int pid, Runnable report) {
        AtomicBoolean reported = new AtomicBoolean();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EXIT_BOUND_MILLIS);
        if (exitBound.isShutdown()) {
            report.run(); // closed: nothing reads the pipes any more
            return;
        }
        ScheduledFuture<?> late = exitBound.schedule(
                () -> {
                    if (reported.compareAndSet(false, true)) {
                        LOG.warn(
                                "output late: the exit of {} (pid {}) is reported before all its output was written:"
                                        + " the output thread is still busy after {} ms (a log file that does not take"
                                        + " writes?)",
                                name,
                                pid,
                                EXIT_BOUND_MILLIS);
                        report.run();
                    }
                },
                EXIT_BOUND_MILLIS,
                TimeUnit.MILLISECONDS);
        Runnable drained = () -> {
            late.cancel(false);
            if (reported.compareAndSet(false, true)) {
                report.run();
            }
        };
        try {
            execute(() -> {
                io.drain(pid, deadline);
                for (ProcessOutput e : entries.values()) {
                    if (e.stdinPid == pid) {
                        e.closeStdin(posix);
                    }
                }
                drained.run();
            });
        } catch (IllegalStateException closed) {
            exitBound.execute(drained); // nothing reads the pipes any more: report it now
        }
    }

    // ---- OutputControl ----

    @Override
    public void reopenAll() {
        call(() -> {
            entries.values().forEach(ProcessOutput::reopen);
            return null;
        });
    }

    @Override
    public void rotate(String process) {
        call(() -> {
            LogRotation.rotate(entry(process));
            return null;
        });
    }

    @Override
    public void clear(String process) {
        call(() -> {
            LogRotation.clear(entry(process));
            return null;
        });
    }

    @Override
    public LogChunk tail(String process, LogStream stream, int bytes) {
        return LogReads.tail(entry(process), stream, bytes);
    }

    @Override
    public LogChunk read(String process, LogStream stream, long offset, int length) {
        return LogReads.read(entry(process), stream, offset, length);
    }

    @Override
    public int writeStdin(String process, byte[] bytes) {
        return call(() -> io.writeStdin(entry(process), bytes));
    }

    @Override
    public OutputCounts counts(String process) {
        ProcessOutput e = entries.get(process);
        return e == null ? OutputCounts.NONE : e.counts();
    }

    private ProcessOutput entry(String process) {
        ProcessOutput e = entries.get(process);
        if (e == null) {
            throw new OutputException(Fault.BAD_NAME, "no process named '" + process + "'");
        }
        return e;
    }

    // ---- hand-over to the output thread ----

    private void execute(Runnable r) {
        if (closing) {
            throw new IllegalStateException(CLOSED);
        }
        io.commands.add(r);
        try {
            loop.wake();
        } catch (PosixException e) {
            throw new IllegalStateException("couldn't wake the output thread: " + e.getMessage(), e);
        }
    }

    private <T> T call(Callable<T> body) {
        return call(body, CALL_BOUND_SECONDS);
    }

    private <T> T call(Callable<T> body, long boundSeconds) {
        FutureTask<T> task = new FutureTask<>(body);
        if (loop.inLoop()) {
            task.run();
        } else {
            execute(task);
        }
        try {
            return task.get(boundSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new OutputException(Fault.TIMEOUT, "the output thread did not answer in " + boundSeconds + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutputException(Fault.FAILED, "interrupted");
        }
    }

    /** How many output pipes are open (for tests). */
    int openPipes() {
        return call(io::openPipes);
    }

    /**
     * Stops the output thread after it has done what was queued, and closes every pipe and file.
     * Programs still running then get EPIPE (or SIGPIPE) on their next write.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        try {
            call(
                    () -> {
                        closing = true;
                        loop.stop();
                        io.drainAndCloseAll();
                        entries.values().forEach(e -> e.closeStdin(posix));
                        return null;
                    },
                    CLOSE_BOUND_SECONDS);
        } catch (RuntimeException e) {
            closing = true;
            LOG.warn("closing the output capture: {}", e.getMessage());
        }
        loop.close(TimeUnit.SECONDS.toMillis(CLOSE_BOUND_SECONDS));
        exitBound.shutdown(); // exits still waiting are reported at their bound all the same
    }

    static void closeQuietly(Posix posix, int fd) {
        if (fd < 0) {
            return;
        }
        try {
            posix.close(fd);
        } catch (PosixException e) {
            LOG.warn("couldn't close descriptor {}: {}", fd, e.getMessage());
        }
    }
}
