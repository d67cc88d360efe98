package taskmaster.ctl;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import taskmaster.ctl.Supervisor.Chunk;
import taskmaster.ctl.Supervisor.Log;
import taskmaster.ctl.Supervisor.Proc;
import taskmaster.mbeans.OutputGrown;

/**
 * Prints the end of a log, then (following) what is appended to it, polling the daemon every
 * {@link #POLL} from the byte offset the last answer gave. A rotation or a clear starts a new
 * file: the daemon answers an offset beyond its end from 0, and each answer names the file it
 * read (its inode), so a follower whose file changed starts the new one from 0 even when it has
 * already grown past the old offset: the beginning of the new file is never skipped (what it had
 * not read of the old one is in {@code file.1}). Stops when its thread is interrupted (Ctrl-C).
 *
 * <p>Told, where it can be: with a {@link Subscription} to the process bean's
 * {@link OutputGrown#NOTIFICATION}, it reads when a notice says the stream grew, and otherwise
 * only every {@link #safetyPoll}, so that a notice lost on the way delays a line, never loses it.
 * The reads are the same either way, and so are the bytes printed.
 */
final class LogFollower {

    static final Duration POLL = Duration.ofMillis(250);
    /** How often a told follower reads anyway; tests lengthen it to show that the notices alone suffice. */
    static volatile Duration safetyPoll = Duration.ofSeconds(2);
    /** Bytes asked for per read while catching up. */
    static final int STEP = 64 * 1024;

    static final int DEFAULT_BYTES = 1600;
    /** The daemon's per-call limit. */
    static final int MAX_BYTES = 1024 * 1024;

    private final Supervisor supervisor;
    private final Log log;
    private final PrintWriter out;
    private long next;
    /** The file the last answer came from; 0 before the first. */
    private long fileId;

    LogFollower(Supervisor supervisor, Log log, PrintWriter out) {
        this.supervisor = supervisor;
        this.log = log;
        this.out = out;
    }

    /** Prints the last {@code bytes} of the log and remembers where it ends. */
    void tail(int bytes) throws CtlException {
        Chunk c = supervisor.tail(log, bytes);
        print(c);
        next = c.nextOffset();
        fileId = c.fileId();
    }

    /** Prints what was appended since the last call; returns whether there may be more right away. */
    boolean poll() throws CtlException {
        // after a rotation or a clear the daemon answers from 0 (c.offset() != next): the new file
        Chunk c = supervisor.read(log, next, STEP);
        if (fileId != 0 && c.fileId() != 0 && c.fileId() != fileId && c.offset() != 0) {
            c = supervisor.read(log, 0, STEP); // a new file that outgrew the old offset: from its start
        }
        fileId = c.fileId();
        print(c);
        next = c.nextOffset();
        return c.nextOffset() < c.size() && !c.text().isEmpty();
    }

    /** Polls until the thread is interrupted; a failure after an interrupt is the interrupt. */
    void follow() throws CtlException {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (!poll()) {
                    try {
                        Thread.sleep(POLL);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        } catch (CtlException e) {
            if (!Thread.currentThread().isInterrupted() || e.fault().equals(CtlException.UNREACHABLE)) {
                throw e;
            }
        }
    }

    /**
     * {@link #follow()}, reading when {@code notices} say this stream grew (or every
     * {@link #safetyPoll}); back to polling every {@link #POLL} if the notices stop coming because
     * the subscription failed. Closes {@code notices}.
     */
    void follow(Subscription notices) throws CtlException {
        Semaphore grew = new Semaphore(0);
        Thread listener = Thread.ofPlatform()
                .name("taskmasterctl-tail-notices")
                .daemon(true)
                .start(() -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            for (Map<String, Object> n : notices.next().notifications()) {
                                if (n.get("userData") instanceof Map<?, ?> data
                                        && log.stream().equals(String.valueOf(data.get(OutputGrown.STREAM)))) {
                                    grew.release();
                                }
                            }
                        }
                    } catch (CtlException e) {
                        // the daemon is gone or refuses: the follower's own reads say so, or poll on
                    }
                    grew.release();
                });
        try {
            boolean told = false;
            while (!Thread.currentThread().isInterrupted()) {
                if (!poll()) {
                    // The daemon counts a chunk as it reads the pipe, a moment before the chunk is in
                    // the file: after a notice, one more read a little later gets what that read missed.
                    Duration wait = told || !listener.isAlive() ? POLL : safetyPoll;
                    try {
                        told = grew.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
                        grew.drainPermits(); // several notices, one read: it reads all there is
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        } catch (CtlException e) {
            if (!Thread.currentThread().isInterrupted() || e.fault().equals(CtlException.UNREACHABLE)) {
                throw e;
            }
        } finally {
            listener.interrupt(); // first, so that the read the close ends is its last
            notices.close();
        }
    }

    private void print(Chunk c) {
        if (!c.text().isEmpty()) {
            out.print(c.text());
            out.flush();
        }
    }

    // ---- argument parsing shared by tail, maintail and fg ----

    /** {@code [-f] [-BYTES]} then the rest. */
    record Options(boolean follow, int bytes, List<String> rest) {}

    static Options options(List<String> args, Command c) throws CtlException {
        boolean follow = false;
        int bytes = DEFAULT_BYTES;
        int i = 0;
        for (; i < args.size() && args.get(i).startsWith("-") && args.get(i).length() > 1; i++) {
            String a = args.get(i);
            if (a.equals("-f")) {
                follow = true;
            } else if (a.equals("--")) {
                i++;
                break;
            } else if (a.matches("-\\d{1,9}")) {
                bytes = Integer.parseInt(a.substring(1));
                if (bytes > MAX_BYTES) {
                    throw new CtlException(
                            CtlException.USAGE, "ERROR: " + a + ": at most " + MAX_BYTES + " bytes at a time");
                }
            } else {
                throw Command.usage(c);
            }
        }
        return new Options(follow, bytes, args.subList(i, args.size()));
    }

    /**
     * The one process a name selects; prints {@code name: ERROR (<unknown>)} and returns null for
     * an unknown name.
     */
    static Proc one(Context ctx, String name, String unknown) throws CtlException {
        List<Proc> found =
                Names.select(ctx.supervisor().processes(), List.of(name)).processes();
        if (found.isEmpty()) {
            ctx.out().println(name + ": ERROR (" + unknown + ")");
            return null;
        }
        if (found.size() > 1) {
            throw new CtlException(
                    CtlException.USAGE,
                    "ERROR: '" + name + "' names " + found.size()
                            + " processes ("
                            + String.join(", ", found.stream().map(Proc::name).toList())
                            + "); give one of them");
        }
        return found.getFirst();
    }
}
