package taskmaster.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.EngineListener;
import taskmaster.os.ProcReader;
import taskmaster.os.ProcStat;

/**
 * Keeps the {@link StateFile} in step with the engine's children.
 *
 * <p>The engine's loop only updates a map and wakes the writer thread {@value #THREAD_NAME}; the
 * writer reads the new children's /proc entries and writes the file. A change after a quiet spell
 * is written at once; while changes keep coming, the writes are spaced {@value #MIN_INTERVAL_MS} ms
 * apart, doubling up to {@value #MAX_INTERVAL_MS} ms for as long as every pause ends with more to
 * write. Each write is of the whole file (64 KiB at a thousand children) and an ext4 rename over
 * the old file starts its writeback: at a steady 5 ms, the writer took 0.53 s of CPU on a 2-core
 * machine while 1000 programs spawned, competing with the loop for the other core. Each write
 * reads /proc for the children that changed only, and is not fsync'd (see
 * {@link StateFile#write(Path, String)}).
 *
 * <p>The window of loss: a child spawned less than the interval in force (plus one write) before
 * the daemon dies is not in the file yet; that is 5 ms for a lone spawn and up to 50 ms amid a
 * burst. The next start cannot find it through the file. The orphan guard kills its group all the
 * same (ChildGuard: a line per spawn, written as it returns); only a guard killed with the
 * daemon leaves it running unmanaged. Writing before every spawn is impossible (the pid is not
 * known yet) and writing synchronously after each one would put a file write and an fsync on the
 * loop for every spawn; a few ms of exposure against a crash at that exact moment is the price
 * chosen. An exit not written yet costs nothing: the next start finds the pid gone, or alive with
 * another start time (a reused pid), and leaves it alone.
 */
final class StateWriter implements EngineListener, AutoCloseable {

    static final String THREAD_NAME = "taskmaster-state";
    static final long MIN_INTERVAL_MS = 5;
    static final long MAX_INTERVAL_MS = 50;
    private static final Logger LOG = LogManager.getLogger("taskmaster.daemon");

    private final Path path;
    private final long daemonPid;
    /** Process name to the pid of its live child: written by the loop, read by the writer. */
    private final Map<String, Long> live = new ConcurrentHashMap<>();
    /** The names whose entry in {@link #live} changed since the writer last looked: the loop adds. */
    private final Queue<String> changed = new ConcurrentLinkedQueue<>();
    /**
     * What the last write recorded, by process name, each with its line made once: the writer
     * thread's alone. A write only looks at what changed and concatenates, so a burst of 1000
     * spawns costs each of its writes a copy of bytes, not 1000 lookups, a sort and a format.
     */
    private final TreeMap<String, Entry> recorded = new TreeMap<>();
    /** Live children not recorded yet because /proc did not show them as ours: looked at again each write. */
    private final Set<String> unidentified = new HashSet<>();

    private final String header;
    /** The writer thread's: a new child's /proc/PID/stat read without a Path, a String or an exception if gone. */
    private final ProcReader proc = new ProcReader();

    private final byte[] statLine = new byte[512];

    private record Entry(long pid, String line) {}

    private final AtomicBoolean dirty = new AtomicBoolean(true);
    private final Thread thread;
    private volatile boolean closing;
    private boolean failing;

    private StateWriter(Path path, long daemonPid, long daemonStartTicks, String bootId) {
        this.path = path;
        this.daemonPid = daemonPid;
        this.header = StateFile.header(bootId, daemonPid, daemonStartTicks);
        this.thread = Thread.ofPlatform().name(THREAD_NAME).daemon().unstarted(this::run);
    }

    /**
     * Starts writing {@code path}; the first write (no children yet) replaces what the previous
     * daemon left, so call it once recovery is over. Empty when /proc cannot tell this process's
     * start time or the boot id: there is no state file then, and the reason is logged.
     */
    static Optional<StateWriter> start(Path path, long daemonPid) {
        Optional<ProcStat> self = ProcStat.of(daemonPid);
        String boot;
        try {
            boot = ProcStat.bootId();
        } catch (IOException e) {
            boot = null;
        }
        if (self.isEmpty() || boot == null) {
            LOG.error("state file: disabled: cannot read this process's start time or the boot id from /proc;"
                    + " after a crash the next start cannot find this daemon's processes");
            return Optional.empty();
        }
        StateWriter w = new StateWriter(path, daemonPid, self.get().startTicks(), boot);
        w.thread.start();
        LOG.info("state file: {}", path);
        return Optional.of(w);
    }

    @Override
    public void onEvent(EngineEvent event) {
        // instanceof rather than a switch: of the engine's events only these three change who is alive.
        String name;
        if (event instanceof EngineEvent.Spawned s) {
            live.put(s.process(), s.pid());
            name = s.process();
        } else if (event instanceof EngineEvent.Exited x) {
            live.remove(x.process(), x.pid());
            name = x.process();
        } else if (event instanceof EngineEvent.Stopped x) {
            live.remove(x.process(), x.pid());
            name = x.process();
        } else {
            return;
        }
        changed.add(name); // after the map: the writer that takes the name finds the change
        if (!dirty.getAndSet(true)) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        long interval = MIN_INTERVAL_MS;
        while (!closing) {
            if (!dirty.getAndSet(false)) {
                interval = MIN_INTERVAL_MS; // quiet: the next change is written at once
                LockSupport.park(this);
                continue;
            }
            writeNow();
            // Coalescing: whatever changes meanwhile goes into the next write, one interval later.
            Pause.full(TimeUnit.MILLISECONDS.toNanos(interval), () -> closing);
            if (dirty.get()) { // changed again within the pause: a burst, so space the whole-file writes out
                interval = Math.min(interval * 2, MAX_INTERVAL_MS);
            }
        }
    }

    private void writeNow() {
        Set<String> look = new HashSet<>(unidentified);
        unidentified.clear();
        for (String name; (name = changed.poll()) != null; ) {
            look.add(name);
        }
        for (String name : look) {
            Long pid = live.get(name);
            Entry e = recorded.get(name);
            if (pid == null) {
                recorded.remove(name);
            } else if (e == null || e.pid() != pid) {
                StateFile.Child c = identify(name, pid);
                if (c == null) {
                    recorded.remove(name);
                    unidentified.add(name);
                } else {
                    recorded.put(name, new Entry(pid, StateFile.line(c)));
                }
            }
        }
        StringBuilder text = new StringBuilder(header.length() + 64 * recorded.size());
        text.append(header);
        for (Entry e : recorded.values()) {
            text.append(e.line());
        }
        try {
            StateFile.write(path, text.toString());
            if (failing) {
                failing = false;
                LOG.info("state file: written again: {}", path);
            }
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.error("state file: cannot write {}: {}; retrying at the next spawn or exit", path, e.toString());
            }
        }
    }

    /**
     * The child's record, from /proc. Only a process whose parent is this daemon is recorded: if
     * the child already ended and was reaped, its pid may be someone else's by now, and a record
     * of that stranger would have the next daemon stop it.
     */
    private StateFile.Child identify(String name, long pid) {
        Optional<ProcStat> st = ProcStat.of(pid, proc, statLine);
        if (st.isEmpty() || st.get().ppid() != daemonPid || st.get().ended()) {
            return null;
        }
        return new StateFile.Child(name, pid, st.get().pgrp(), st.get().startTicks());
    }

    /** Writes the last state, synchronously; removes the file when no child is left (a clean shutdown). */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (live.isEmpty()) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warn("state file: cannot remove {}: {}", path, e.getMessage());
            }
        } else {
            writeNow();
        }
    }
}
