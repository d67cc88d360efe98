package taskmaster.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Logger;
import taskmaster.mbeans.Fault;
import taskmaster.output.LogStream;
import taskmaster.output.OutputException;
import taskmaster.output.OutputTap;
import taskmaster.output.StdoutWatcher;

/**
 * The output thread's work: the read end of every output pipe is in its {@link EpollLoop}; a
 * readable pipe is read into one reusable native buffer and written from there to its sink, so a
 * chunk costs an epoll_wait, a read and a write and allocates nothing (a pipe is found by its key
 * in an array, no boxed key). A chunk that goes to a log file as it is, and to nothing else (no
 * timestamps, no tap, no log check), is not read at all: {@link FileSink#splice} moves it from
 * the pipe to the file inside the kernel (an lseek and a splice, no copy through this process);
 * where splice cannot serve it is copied. A pipe found full (64 KiB) is grown to 1 MiB, so a program writing
 * as fast as it can wakes the thread 16 times less often. Other threads hand it work through
 * {@link #commands}. Everything else here runs on the loop's thread only.
 */
final class OutputLoop implements EpollLoop.Handler {
    /** A pipe's size once its program has filled it: one read then empties it. */
    static final int BIG_PIPE = 1024 * 1024;

    static final int BUFFER = BIG_PIPE;
    /** A pipe's usual capacity: a read that returns this much found it full. */
    private static final int SMALL_PIPE = 64 * 1024;
    /** Reads at an exit before it is reported anyway (something left behind keeps writing). */
    private static final int MAX_DRAIN_READS = 1024;

    /** The daemon's read end of one output pipe; its key is a sequence number and its slot. */
    private static final class Pipe {
        final long key;
        final int fd;
        final ProcessOutput owner;
        final LogStream stream;
        final int pid;
        /** Grown to {@link #BIG_PIPE} (or tried to). */
        boolean grown;

        Pipe(long key, int fd, ProcessOutput owner, LogStream stream, int pid) {
            this.key = key;
            this.fd = fd;
            this.owner = owner;
            this.stream = stream;
            this.pid = pid;
        }

        int slot() {
            return (int) key;
        }
    }

    private final Posix posix;
    private final Logger log;
    private final EpollLoop loop;
    private final Console console = new Console();
    /** Work handed over by other threads, run at the next wake-up. */
    final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    /** Open pipes by slot, the low half of their key; a stale key (its pipe closed) finds another or none. */
    private Pipe[] slots = new Pipe[64];
    /** Slots below {@link #used} freed by closed pipes, reused first. */
    private int[] free = new int[64];

    private int freeCount;
    private int used;
    private int open;
    /** The high half of the next key, so a reused slot never answers to an old key. */
    private int sequence;

    /** Gets a copy of every chunk of a tapped stream; null: no event system. */
    private OutputTap tap;

    /** Gets a copy of every chunk of a watched stdout (a log check's); null: no checks. */
    private StdoutWatcher watcher;

    private final MemorySegment buffer = Pages.map(BUFFER, Arena.ofAuto());
    private final LineFormatter formatter =
            new LineFormatter(BUFFER, ZoneId.systemDefault(), System::currentTimeMillis);

    OutputLoop(Posix posix, EpollLoop loop, Logger log) {
        this.posix = posix;
        this.loop = loop;
        this.log = log;
    }

    Console console() {
        return console;
    }

    void tap(OutputTap t) {
        this.tap = t;
    }

    void watch(StdoutWatcher w) {
        this.watcher = w;
    }

    @Override
    public void woken() {
        Runnable r;
        while ((r = commands.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException | Error e) {
                log.error("internal error in the output thread", e);
            }
        }
    }

    @Override
    public void ready(long key) {
        Pipe p = slots[(int) key];
        if (p != null && p.key == key) {
            readOnce(p);
        }
    }

    /** Starts reading {@code fd}, the daemon's end of {@code stream} of process {@code pid}. */
    void add(ProcessOutput owner, LogStream stream, int fd, int pid) {
        int slot = freeCount > 0 ? free[--freeCount] : used++;
        if (slot == slots.length) {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
        sequence = (sequence + 1) & Integer.MAX_VALUE; // keys stay positive: EpollLoop.WAKE_UP is -1
        Pipe p = new Pipe(((long) sequence << 32) | slot, fd, owner, stream, pid);
        owner.pipeOpened(stream, posix, console);
        slots[slot] = p;
        open++;
        try {
            loop.add(fd, p.key);
        } catch (PosixException x) {
            log.error(
                    "output: couldn't watch the {} of {}: {}; it is not captured", stream, owner.name, x.getMessage());
            remove(p);
        }
    }

    /** Reads every pipe of {@code pid} until it is empty, or {@link #MAX_DRAIN_READS} reads, or {@code deadline}. */
    void drain(int pid, long deadline) {
        for (Pipe p : pipes()) {
            if (p.pid == pid) {
                drain(p, deadline);
            }
        }
    }

    /** Reads every pipe until it is empty (or the drain bound), then closes it. */
    void drainAndCloseAll() {
        for (Pipe p : pipes()) {
            drain(p, Long.MAX_VALUE);
            remove(p);
        }
    }

    /** How many output pipes are open. */
    int openPipes() {
        return open;
    }

    /** Writes to the stdin pipe of {@code e} from the read buffer (only the loop's thread uses it). */
    int writeStdin(ProcessOutput e, byte[] bytes) {
        if (!e.spec.stdinPipe()) {
            throw new OutputException(Fault.FAILED, e.name + " has no stdin pipe (stdin = pipe)");
        }
        if (e.stdinFd < 0) {
            throw new OutputException(Fault.NOT_RUNNING, e.name + " is not running");
        }
        int done = 0;
        while (done < bytes.length) {
            int n = Math.min(bytes.length - done, BUFFER);
            MemorySegment.copy(bytes, done, buffer, ValueLayout.JAVA_BYTE, 0, n);
            long w;
            try {
                w = posix.write(e.stdinFd, buffer, 0, n);
            } catch (PosixException x) {
                throw new OutputException(
                        Fault.FAILED, "couldn't write to the stdin of " + e.name + ": " + Errno.describe(x.errno()));
            }
            if (w <= 0) {
                break; // full: the program is not reading
            }
            done += (int) w;
        }
        return done;
    }

    private List<Pipe> pipes() {
        List<Pipe> all = new ArrayList<>(open);
        for (int i = 0; i < used; i++) {
            if (slots[i] != null) {
                all.add(slots[i]);
            }
        }
        return all;
    }

    private void drain(Pipe p, long deadline) {
        for (int i = 0;
                i < MAX_DRAIN_READS
                        && slots[p.slot()] == p
                        && (deadline == Long.MAX_VALUE || System.nanoTime() - deadline < 0);
                i++) {
            if (!readOnce(p)) {
                return;
            }
        }
    }

    /** @return false at end of file or when nothing was there */
    private boolean readOnce(Pipe p) {
        Sink s = p.owner.sink(p.stream);
        boolean tapped = tap != null && p.owner.tapped(p.stream);
        boolean watched = watcher != null && p.owner.watched(p.stream);
        long n = FileSink.COPY;
        if (s instanceof FileSink f && !tapped && !watched && f.spliceable()) {
            n = splice(p, f); // nothing here needs to see the bytes: the kernel moves them
        }
        boolean copy = n == FileSink.COPY;
        if (copy) {
            try {
                n = posix.read(p.fd, buffer, BUFFER);
            } catch (PosixException e) {
                log.warn("output: couldn't read the {} of {}: {}", p.stream, p.owner.name, e.getMessage());
                n = 0;
            }
        }
        if (n > 0) {
            p.owner.counted(p.stream, n);
            if (n >= SMALL_PIPE && !p.grown) {
                // A program that fills its pipe: a bigger one means 16 times fewer wake-ups and
                // reads for it. Only chatty programs get one (the kernel caps pipe memory per user).
                p.grown = true;
                posix.setPipeSize(p.fd, BIG_PIPE);
            }
            if (!copy) {
                return true;
            }
            if (s != null) {
                try {
                    s.accept(buffer, n, formatter);
                } catch (RuntimeException e) {
                    log.error("internal error writing the output of {}", p.owner.name, e);
                }
            }
            if (tapped || watched) {
                copyOut(p, n, tapped, watched);
            }
            return true;
        }
        if (n == 0) {
            remove(p);
        }
        return false;
    }

    private long splice(Pipe p, FileSink f) {
        try {
            return f.splice(p.fd);
        } catch (RuntimeException e) {
            log.error("internal error splicing the output of {}", p.owner.name, e);
            return FileSink.COPY;
        }
    }

    /**
     * Only a tapped or watched chunk is copied: the untapped path stays free of allocation. The
     * watcher reads the copy before the tap gets it to keep, and never changes it.
     */
    private void copyOut(Pipe p, long n, boolean tapped, boolean watched) {
        byte[] copy = new byte[(int) n];
        MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, copy, 0, (int) n);
        if (watched) {
            try {
                watcher.onStdout(p.owner.spec, p.pid, copy);
            } catch (RuntimeException e) {
                log.error("internal error handing the output of {} to its log check", p.owner.name, e);
            }
        }
        if (tapped) {
            try {
                tap.onOutput(p.owner.name, p.pid, p.stream, copy);
            } catch (RuntimeException e) {
                log.error("internal error handing the output of {} to the event system", p.owner.name, e);
            }
        }
    }

    private void remove(Pipe p) {
        if (slots[p.slot()] != p) {
            return;
        }
        slots[p.slot()] = null;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = p.slot();
        open--;
        try {
            loop.remove(p.fd);
        } catch (PosixException e) {
            log.warn("output: couldn't stop watching descriptor {}: {}", p.fd, e.getMessage());
        }
        OutputCapture.closeQuietly(posix, p.fd);
        p.owner.pipeClosed();
    }
}
