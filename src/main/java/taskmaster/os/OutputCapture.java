package taskmaster.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.mbeans.Fault;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.output.LogChunk;
import taskmaster.output.LogStream;
import taskmaster.output.OutputControl;
import taskmaster.output.OutputException;

/**
 * Captures the output of every process with one thread, {@value #THREAD_NAME}, and no polling:
 * the read end of every output pipe is in one epoll set, and the thread sleeps in epoll_wait until
 * one has data. A pipe found full (64 KiB) is grown to 1 MiB, so a program writing as fast as it can
 * wakes the thread 16 times less often. It reads into one reusable native buffer and writes from it to the log file (or,
 * with labels or timestamps, through {@link LineFormatter}), so a chunk costs a read and a write
 * and allocates nothing. A quiet process costs one descriptor per pipe and a few small objects; its
 * log file is open only while its pipes are.
 *
 * <p><b>Exits.</b> The reaper hands each exit of a captured process here ({@link #exited}); the
 * process's pipes are read until empty (everything the program wrote before it ended is in them)
 * and only then is the exit reported. That wait is bounded ({@value #EXIT_BOUND_MILLIS} ms): an
 * output thread stuck in a write (a hung log file system) delays no exit longer than that, and
 * the console never stalls it at all (see {@link ConsoleWriter}). A pipe still held open by
 * something the program left behind stays captured until its last writer closes it.
 *
 * <p>All state is the output thread's; other threads hand it work through a queue and an eventfd.
 */
public final class OutputCapture implements OutputControl, AutoCloseable {
    static final String THREAD_NAME = "taskmaster-io";
    static final String CLOSED = "the output capture is closed";
    private static final Logger LOG = LogManager.getLogger("taskmaster.output");
    /** A pipe's size once its program has filled it: one read then empties it. */
    static final int BIG_PIPE = 1024 * 1024;
    static final int BUFFER = BIG_PIPE;
    /** A pipe's usual capacity: a read that returns this much found it full. */
    private static final int SMALL_PIPE = 64 * 1024;
    private static final long WAKE_UP = 0;
    private static final long CALL_BOUND_SECONDS = 30;
    /** How long close waits for the output thread: a hung log write must not hold up the daemon's exit. */
    private static final long CLOSE_BOUND_SECONDS = 5;
    /** Reads at an exit before it is reported anyway (something left behind keeps writing). */
    private static final int MAX_DRAIN_READS = 1024;
    /** How long an exit waits for its process's output to be written before it is reported anyway. */
    static final long EXIT_BOUND_MILLIS = 1000;
    private static final int MAX_READ = 16 * 1024 * 1024;

    /** A process name's output settings and, while it has pipes, its sinks. */
    private static final class Entry {
        final String name;
        volatile ProcessSpec spec;
        Sink out;
        Sink err;
        int pipes;
        int stdinFd = -1;
        int stdinPid;

        Entry(String name, ProcessSpec spec) {
            this.name = name;
            this.spec = spec;
        }
    }

    /** The daemon's read end of one output pipe. */
    private static final class Pipe {
        final long key;
        final int fd;
        final Entry entry;
        final LogStream stream;
        final int pid;
        /** Grown to {@link #BIG_PIPE} (or tried to). */
        boolean grown;

        Pipe(long key, int fd, Entry entry, LogStream stream, int pid) {
            this.key = key;
            this.fd = fd;
            this.entry = entry;
            this.stream = stream;
            this.pid = pid;
        }

        long key() { return key; }
        int fd() { return fd; }
        Entry entry() { return entry; }
        LogStream stream() { return stream; }
        int pid() { return pid; }
    }

    private final Posix posix;
    private final int epfd;
    private final int wakeFd;
    private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<Long, Pipe> pipes = new HashMap<>();
    private long nextKey = WAKE_UP + 1;
    private final MemorySegment buffer = Arena.ofAuto().allocate(BUFFER, 8);
    private final MemorySegment wakeBuffer = Arena.ofAuto().allocate(8, 8);
    private final LineFormatter formatter = new LineFormatter(BUFFER, ZoneId.systemDefault(),
            System::currentTimeMillis);
    private final Console console;
    private final Thread thread;
    /** Reports an exit the output thread did not get to in time (see {@link #exited}). */
    private final ScheduledThreadPoolExecutor exitBound = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("taskmaster-exit-bound").daemon().factory());
    private volatile boolean closing;

    OutputCapture(Posix posix) throws PosixException {
        this.posix = posix;
        this.console = new Console();
        this.epfd = posix.epollCreate();
        try {
            this.wakeFd = posix.eventfd();
            posix.epollAdd(epfd, wakeFd, WAKE_UP);
        } catch (PosixException e) {
            closeQuietly(epfd);
            throw e;
        }
        this.thread = Thread.ofPlatform().name(THREAD_NAME).daemon().unstarted(this::run);
        thread.start();
    }

    // ---- from the launcher ----

    /** The settings of a process, at its creation and on every reload: changes apply in place. */
    void configure(ProcessSpec spec) {
        execute(() -> {
            Entry e = entries.computeIfAbsent(spec.name(), n -> new Entry(n, spec));
            e.spec = spec;
            if (e.out != null) {
                e.out = updated(e, e.out, spec.stdout(), LogStream.STDOUT);
            }
            if (e.err != null) {
                e.err = updated(e, e.err, spec.stderr(), LogStream.STDERR);
            }
        });
    }

    /** Takes over the daemon's ends of a spawned process's pipes (the child's are closed already). */
    void attach(ProcessSpec spec, int pid, ChildPipes p) {
        execute(() -> {
            Entry e = entries.computeIfAbsent(spec.name(), n -> new Entry(n, spec));
            e.spec = spec;
            if (p.outRead() >= 0) {
                add(e, LogStream.STDOUT, p.outRead(), pid);
            }
            if (p.errRead() >= 0) {
                add(e, LogStream.STDERR, p.errRead(), pid);
            }
            if (p.inWrite() >= 0) {
                closeQuietly(e.stdinFd);
                e.stdinFd = p.inWrite();
                e.stdinPid = pid;
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
        ScheduledFuture<?> late = exitBound.schedule(() -> {
            if (reported.compareAndSet(false, true)) {
                LOG.warn("output late: the exit of {} (pid {}) is reported before all its output was written: the output"
                        + " thread is still busy after {} ms (a log file that does not take writes?)", name, pid,
                        EXIT_BOUND_MILLIS);
                report.run();
            }
        }, EXIT_BOUND_MILLIS, TimeUnit.MILLISECONDS);
        Runnable drained = () -> {
            late.cancel(false);
            if (reported.compareAndSet(false, true)) {
                report.run();
            }
        };
        try {
            execute(() -> {
                for (Pipe p : new ArrayList<>(pipes.values())) {
                    if (p.pid() == pid) {
                        drain(p, deadline);
                    }
                }
                for (Entry e : entries.values()) {
                    if (e.stdinFd >= 0 && e.stdinPid == pid) {
                        closeQuietly(e.stdinFd);
                        e.stdinFd = -1;
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
            for (Entry e : entries.values()) {
                for (Sink s : new Sink[] {e.out, e.err}) {
                    if (s instanceof FileSink f) {
                        f.reopen();
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void rotate(String process) {
        call(() -> {
            Entry e = entry(process);
            for (LogStream stream : LogStream.values()) {
                if (output(e.spec, stream) instanceof Output.ToFile f) {
                    if (sink(e, stream) instanceof FileSink s && s.path.equals(f.path())) {
                        String failed = s.rotate();
                        if (failed != null) {
                            throw new OutputException(Fault.FAILED, failed);
                        }
                    } else {
                        try {
                            FileSink.shift(f.path(), f.backups());
                        } catch (IOException x) {
                            throw new OutputException(Fault.FAILED, "couldn't rotate " + f.path() + ": " + x);
                        }
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void clear(String process) {
        call(() -> {
            Entry e = entry(process);
            for (LogStream stream : LogStream.values()) {
                if (output(e.spec, stream) instanceof Output.ToFile f) {
                    if (sink(e, stream) instanceof FileSink s && s.path.equals(f.path())) {
                        s.clear();
                    } else {
                        try {
                            FileSink.truncate(f.path());
                            FileSink.deleteBackups(f.path(), f.backups());
                        } catch (IOException x) {
                            throw new OutputException(Fault.FAILED, "couldn't clear " + f.path() + ": " + x);
                        }
                    }
                }
            }
            return null;
        });
    }

    @Override
    public LogChunk tail(String process, LogStream stream, int bytes) {
        Path file = file(process, stream);
        long size = sizeOf(file);
        return read(file, Math.max(0, size - Math.max(0, bytes)), bytes);
    }

    @Override
    public LogChunk read(String process, LogStream stream, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new OutputException(Fault.FAILED, "offset and length must not be negative");
        }
        return read(file(process, stream), offset, length);
    }

    @Override
    public int writeStdin(String process, byte[] bytes) {
        return call(() -> {
            Entry e = entry(process);
            if (!e.spec.stdinPipe()) {
                throw new OutputException(Fault.FAILED, process + " has no stdin pipe (stdin = pipe)");
            }
            if (e.stdinFd < 0) {
                throw new OutputException(Fault.NOT_RUNNING, process + " is not running");
            }
            int done = 0;
            while (done < bytes.length) {
                int n = Math.min(bytes.length - done, BUFFER);
                MemorySegment.copy(bytes, done, buffer, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, n);
                long w;
                try {
                    w = posix.write(e.stdinFd, buffer, 0, n);
                } catch (PosixException x) {
                    throw new OutputException(Fault.FAILED, "couldn't write to the stdin of " + process + ": "
                            + Errno.describe(x.errno()));
                }
                if (w <= 0) {
                    break; // full: the program is not reading
                }
                done += (int) w;
            }
            return done;
        });
    }

    // ---- reading files, on the caller's thread ----

    private Path file(String process, LogStream stream) {
        Entry e = entries.get(process);
        if (e == null) {
            throw new OutputException(Fault.BAD_NAME, "no process named '" + process + "'");
        }
        ProcessSpec spec = e.spec;
        String what = process + " " + stream.name().toLowerCase(java.util.Locale.ROOT);
        if (stream == LogStream.STDERR && spec.redirectStderr()) {
            throw new OutputException(Fault.FAILED, what + " goes to its stdout (redirect_stderr)");
        }
        return switch (output(spec, stream)) {
            case Output.ToFile f -> f.path();
            case Output.Discard d -> throw new OutputException(Fault.FAILED, what + " is discarded (NONE)");
            case Output.Forward f -> throw new OutputException(Fault.FAILED,
                    what + " goes to the daemon's console, not to a file");
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
            long id = taskmaster.output.FileIds.of(file); // just after the open: the file read
            long size = c.size();
            long from = offset > size ? 0 : offset;
            int n = (int) Math.min(Math.min(length, MAX_READ), size - from);
            ByteBuffer b = ByteBuffer.allocate(n);
            while (b.hasRemaining() && c.read(b, from + b.position()) > 0) {
                // until n bytes, or the file shrank meanwhile
            }
            byte[] bytes = b.position() == n ? b.array() : java.util.Arrays.copyOf(b.array(), b.position());
            return new LogChunk(bytes, from, from + bytes.length, size, id);
        } catch (NoSuchFileException e) {
            return new LogChunk(new byte[0], 0, 0, 0, 0);
        } catch (IOException e) {
            throw new OutputException(Fault.FAILED, "couldn't read " + file + ": " + e.getMessage());
        }
    }

    // ---- the output thread ----

    private void run() {
        long[] ready = new long[64];
        while (!closing) {
            int n;
            try {
                n = posix.epollWait(epfd, ready);
            } catch (PosixException e) {
                LOG.error("output capture stopped: {}", e.getMessage());
                return;
            }
            for (int i = 0; i < n && !closing; i++) {
                if (ready[i] == WAKE_UP) {
                    try {
                        posix.read(wakeFd, wakeBuffer, 8);
                    } catch (PosixException e) {
                        LOG.warn("couldn't reset the output thread's wake-up: {}", e.getMessage());
                    }
                    runCommands();
                } else {
                    Pipe p = pipes.get(ready[i]);
                    if (p != null) {
                        readOnce(p);
                    }
                }
            }
        }
    }

    private void runCommands() {
        Runnable r;
        while ((r = commands.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException | Error e) {
                LOG.error("internal error in the output thread", e);
            }
        }
    }

    /** @return false at end of file or when nothing was there */
    private boolean readOnce(Pipe p) {
        long n;
        try {
            n = posix.read(p.fd(), buffer, BUFFER);
        } catch (PosixException e) {
            LOG.warn("output: couldn't read the {} of {}: {}", p.stream(), p.entry().name, e.getMessage());
            n = 0;
        }
        if (n > 0) {
            if (n >= SMALL_PIPE && !p.grown) {
                // A program that fills its pipe: a bigger one means 16 times fewer wake-ups and
                // reads for it. Only chatty programs get one (the kernel caps pipe memory per user).
                p.grown = true;
                posix.setPipeSize(p.fd(), BIG_PIPE);
            }
            Sink s = sink(p.entry(), p.stream());
            if (s != null) {
                try {
                    s.accept(buffer, n, formatter);
                } catch (RuntimeException e) {
                    LOG.error("internal error writing the output of {}", p.entry().name, e);
                }
            }
            return true;
        }
        if (n == 0) {
            remove(p);
        }
        return false;
    }

    private void drain(Pipe p) {
        drain(p, Long.MAX_VALUE);
    }

    /** Reads {@code p} until it is empty, or {@link #MAX_DRAIN_READS} reads, or {@code deadline} (nanoTime). */
    private void drain(Pipe p, long deadline) {
        for (int i = 0; i < MAX_DRAIN_READS && pipes.containsKey(p.key())
                && (deadline == Long.MAX_VALUE || System.nanoTime() - deadline < 0); i++) {
            if (!readOnce(p)) {
                return;
            }
        }
    }

    private void add(Entry e, LogStream stream, int fd, int pid) {
        Pipe p = new Pipe(nextKey++, fd, e, stream, pid);
        if (sink(e, stream) == null) {
            Output target = output(e.spec, stream);
            Sink s = newSink(e, stream, target);
            if (stream == LogStream.STDOUT) {
                e.out = s;
            } else {
                e.err = s;
            }
        }
        e.pipes++;
        pipes.put(p.key(), p);
        try {
            posix.epollAdd(epfd, fd, p.key());
        } catch (PosixException x) {
            LOG.error("output: couldn't watch the {} of {}: {}; it is not captured", stream, e.name, x.getMessage());
            remove(p);
        }
    }

    private void remove(Pipe p) {
        if (pipes.remove(p.key()) == null) {
            return;
        }
        try {
            posix.epollDelete(epfd, p.fd());
        } catch (PosixException e) {
            LOG.warn("output: couldn't stop watching descriptor {}: {}", p.fd(), e.getMessage());
        }
        closeQuietly(p.fd());
        Entry e = p.entry();
        if (--e.pipes == 0) {
            // Nothing can write any more: the log files are closed until the next spawn.
            if (e.out != null) {
                e.out.close();
                e.out = null;
            }
            if (e.err != null) {
                e.err.close();
                e.err = null;
            }
        }
    }

    private Sink newSink(Entry e, LogStream stream, Output target) {
        boolean ts = e.spec.timestamps();
        return switch (target) {
            case Output.ToFile f -> new FileSink(posix, e.name, stream, f, ts);
            case Output.Forward f -> new ConsoleSink(console, e.name, stream, f, ts);
            case Output.Discard d -> null;
        };
    }

    private Sink updated(Entry e, Sink sink, Output target, LogStream stream) {
        if (sink.sameTarget(target)) {
            sink.update(target, e.spec.timestamps());
            return sink;
        }
        sink.close();
        return newSink(e, stream, target);
    }

    private static Sink sink(Entry e, LogStream stream) {
        return stream == LogStream.STDOUT ? e.out : e.err;
    }

    private static Output output(ProcessSpec spec, LogStream stream) {
        if (stream == LogStream.STDOUT) {
            return spec.stdout();
        }
        return spec.redirectStderr() ? Output.DISCARD : spec.stderr();
    }

    private Entry entry(String process) {
        Entry e = entries.get(process);
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
        commands.add(r);
        try {
            posix.eventfdSignal(wakeFd);
        } catch (PosixException e) {
            throw new IllegalStateException("couldn't wake the output thread: " + e.getMessage(), e);
        }
    }

    private <T> T call(Callable<T> body) {
        return call(body, CALL_BOUND_SECONDS);
    }

    private <T> T call(Callable<T> body, long boundSeconds) {
        FutureTask<T> task = new FutureTask<>(body);
        if (Thread.currentThread() == thread) {
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
            throw new OutputException(Fault.TIMEOUT, "the output thread did not answer in "
                    + boundSeconds + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutputException(Fault.FAILED, "interrupted");
        }
    }

    /** How many output pipes are open (for tests). */
    int openPipes() {
        return call(pipes::size);
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
            call(() -> {
                closing = true;
                for (Pipe p : new ArrayList<>(pipes.values())) {
                    drain(p);
                    remove(p);
                }
                for (Entry e : entries.values()) {
                    closeQuietly(e.stdinFd);
                    e.stdinFd = -1;
                }
                return null;
            }, CLOSE_BOUND_SECONDS);
        } catch (RuntimeException e) {
            closing = true;
            LOG.warn("closing the output capture: {}", e.getMessage());
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(CLOSE_BOUND_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(wakeFd);
        closeQuietly(epfd);
        exitBound.shutdown(); // exits still waiting are reported at their bound all the same
    }

    private void closeQuietly(int fd) {
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
