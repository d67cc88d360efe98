package taskmaster.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.EngineListener;
import taskmaster.mbeans.WantedSource;
import taskmaster.model.Scale;

/**
 * Keeps the {@link IntentFile} in step with what the operator asked for: the engine's
 * {@link EngineEvent.IntentChanged} events (on its loop) and the daemon's scale overrides (on the
 * control thread) only update a map and wake the writer thread {@value #THREAD_NAME}, which writes
 * the whole file, at most once every {@value #MIN_INTERVAL_MS} ms: a {@code stop all} of a
 * thousand processes costs the loop a thousand map puts and the disk one or two writes, and
 * nothing is written while nobody asks anything.
 *
 * <p>The window of loss: an intent given less than about {@value #MIN_INTERVAL_MS} ms (plus one
 * write) before the daemon dies is not in the file. A clean shutdown writes what is pending.
 */
final class IntentWriter implements EngineListener, AutoCloseable {

    static final String THREAD_NAME = "taskmaster-intent";
    static final long MIN_INTERVAL_MS = 20;
    private static final Logger LOG = LogManager.getLogger("taskmaster.daemon");

    private final Path path;
    private final Map<String, Boolean> wants = new ConcurrentHashMap<>();
    private final Map<String, Scale> scales = new ConcurrentHashMap<>();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean closing;
    private boolean failing;

    /**
     * Starts keeping {@code path}, whose content is {@code initial} (what was restored from it);
     * {@code rewrite}: write it at once (something read from it was dropped).
     */
    IntentWriter(Path path, IntentFile.Intent initial, boolean rewrite) {
        this.path = path;
        wants.putAll(initial.wants());
        scales.putAll(initial.scales());
        dirty.set(rewrite);
        this.thread = Thread.ofPlatform().name(THREAD_NAME).daemon().start(this::run);
    }

    /**
     * What was kept at {@code path}: nothing when there is no file, or when it is corrupt or not
     * this user's alone (then it is ignored with a warning, and replaced at the next change).
     */
    static IntentFile.Intent restore(Path path) {
        try {
            Optional<IntentFile.Intent> read = IntentFile.read(path);
            read.ifPresent(i -> LOG.info(
                    "intent file: {}: {} process intent(s), {} scale override(s)",
                    path,
                    i.wants().size(),
                    i.scales().size()));
            return read.orElse(IntentFile.Intent.NONE);
        } catch (StateFile.CorruptException e) {
            LOG.warn("intent file: ignored: {}: {}; the configuration decides what runs", path, e.getMessage());
        } catch (IOException e) {
            LOG.warn(
                    "intent file: ignored: cannot read {}: {}; the configuration decides what runs",
                    path,
                    e.toString());
        }
        return IntentFile.Intent.NONE;
    }

    /** What is kept now. */
    IntentFile.Intent current() {
        return new IntentFile.Intent(wants, scales);
    }

    @Override
    public void onEvent(EngineEvent event) {
        if (!(event instanceof EngineEvent.IntentChanged e)) {
            return;
        }
        if (e.source() == WantedSource.CONFIG) {
            wants.remove(e.process());
        } else {
            wants.put(e.process(), e.wanted());
        }
        changed();
    }

    /** Keeps {@code program}'s override; null: it has none any more. */
    void scale(String program, Scale scale) {
        Scale before = scale == null ? scales.remove(program) : scales.put(program, scale);
        if (!java.util.Objects.equals(before, scale)) {
            changed();
        }
    }

    private void changed() {
        if (!dirty.getAndSet(true)) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        while (!closing) {
            if (!dirty.getAndSet(false)) {
                LockSupport.park(this);
                continue;
            }
            writeNow();
            // Coalescing: whatever changes meanwhile goes into the next write, one interval later.
            Pause.full(TimeUnit.MILLISECONDS.toNanos(MIN_INTERVAL_MS), () -> closing);
        }
    }

    private synchronized void writeNow() {
        try {
            IntentFile.write(path, current());
            if (failing) {
                failing = false;
                LOG.info("intent file: written again: {}", path);
            }
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.error("intent file: cannot write {}: {}; retrying at the next change", path, e.toString());
            }
        }
    }

    /** Writes what is pending, synchronously; the file stays for the next start. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (dirty.getAndSet(false)) {
            writeNow();
        }
    }
}
