package taskmaster.events;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.engine.Engine;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.EngineListener;
import taskmaster.mbeans.Fault;
import taskmaster.model.Configuration;
import taskmaster.output.LogStream;
import taskmaster.output.OutputControl;
import taskmaster.output.OutputException;
import taskmaster.output.OutputTap;

/**
 * supervisord's event system: turns engine events, ticks and tapped output into events and feeds
 * them to the {@code [eventlistener:x]} pools over their stdin, reading their answers from their
 * stdout. The daemon creates it before the engine (its {@link #listener()} goes to the engine,
 * its {@link #tap()} to the output capture), {@link #start}s it with the engine, closes it last.
 *
 * <p>All event state lives on one thread of its own ({@link EventRouter}): the engine's loop and
 * the output thread only hand it what happened, never wait for it. An engine event is handed
 * over with the configuration and the shutdown flag of its moment, so the router sees a new
 * configuration, and the shutdown's start, in order with the state changes around them. Stdin is
 * written without blocking; what a full pipe does not take is written again shortly.
 */
public final class EventHub implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(EventHub.class);
    /** Tapped chunks waiting for the dispatcher beyond which new ones are dropped (and the drop logged). */
    static final int MAX_WAITING_OUTPUT = 10_000;

    /** How long a drain amid a burst waits for more (see {@link #run}). */
    static final long COALESCE_MS = 5;

    private static final long FIRST_RETRY_MS = 10;
    private static final long LAST_RETRY_MS = 500;

    private final LongSupplier wallClock;
    private final ScheduledExecutorService thread;
    private final EventRouter router;
    private final AtomicInteger waitingOutput = new AtomicInteger();
    private final AtomicLong droppedOutput = new AtomicLong();
    private volatile Engine engine;
    private volatile Supplier<OutputControl> output;
    /** What {@link #run} hands over, for the dispatcher thread's next {@link #drain}. */
    private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    /** Whether a drain is posted and has not begun yet. */
    private final AtomicBoolean posted = new AtomicBoolean();

    private volatile boolean closed;
    /** When the last drain ended ({@link System#nanoTime}); long ago at first. */
    private volatile long lastDrain = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
    /** Dispatcher thread only. */
    private ScheduledFuture<?> retry;
    /** Dispatcher thread only. */
    private long retryDelay = FIRST_RETRY_MS;
    /** The next tick, while some pool exists (see {@link #keepTicking}); written on the dispatcher thread only. */
    private volatile ScheduledFuture<?> tick;

    public EventHub() {
        this(System::currentTimeMillis);
    }

    EventHub(LongSupplier wallClock) {
        this.wallClock = wallClock;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "taskmaster-events");
            t.setDaemon(true);
            return t;
        });
        // Closing runs what was handed over already, but no tick or retry waiting for its time.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
        this.router = new EventRouter(this::writeStdin);
    }

    /** Receives the engine's events on the loop thread; safe to hand to the engine at once. */
    public EngineListener listener() {
        return this::onEngineEvent;
    }

    /** Receives the tapped output on the output thread. */
    public OutputTap tap() {
        return new OutputTap() {
            @Override
            public void onOutput(String process, LogStream stream, byte[] bytes) {
                onOutput(process, 0, stream, bytes);
            }

            @Override
            public void onOutput(String process, long pid, LogStream stream, byte[] bytes) {
                tapped(process, pid, stream, bytes);
            }
        };
    }

    /** On the output thread: hands the chunk over, or counts it dropped when the dispatcher is that far behind. */
    private void tapped(String process, long pid, LogStream stream, byte[] bytes) {
        if (waitingOutput.incrementAndGet() > MAX_WAITING_OUTPUT) {
            waitingOutput.decrementAndGet();
            droppedOutput.incrementAndGet(); // told by the next chunk that gets through
            return;
        }
        run(() -> {
            waitingOutput.decrementAndGet();
            long dropped = droppedOutput.getAndSet(0);
            if (dropped > 0) {
                LOG.error(
                        "event dispatcher behind: dropped {} chunks of output events, more than {} were waiting",
                        dropped,
                        MAX_WAITING_OUTPUT);
            }
            router.output(process, stream, bytes, pid);
        });
    }

    /**
     * supervisord's {@code sendRemoteCommEvent(type, data)}: a {@code REMOTE_COMMUNICATION} event
     * to the pools subscribed, from any thread, without waiting for it to be sent.
     */
    public void sendRemoteCommEvent(String type, String data) {
        run(() -> router.remote(type, data));
    }

    /** Begins dispatching: the pools come from the engine's configuration, events go out through {@code output}'s stdin. */
    public void start(Engine engine, Supplier<OutputControl> output) {
        this.output = output;
        this.engine = engine;
        run(() -> {
            catchUp(engine);
            keepTicking();
        });
    }

    private void onEngineEvent(EngineEvent event) {
        Engine e = engine;
        Configuration config = e == null ? null : e.configuration();
        boolean shuttingDown = e != null && e.shuttingDown();
        run(() -> {
            if (config != null) {
                router.configure(config, wallClock.getAsLong());
                keepTicking();
            }
            if (shuttingDown) {
                router.shutdownBegan();
            }
            router.engine(event);
        });
    }

    /** The configuration and shutdown already there when the hub starts (none when it starts first). */
    private void catchUp(Engine e) {
        if (e.configuration() != null) {
            router.configure(e.configuration(), wallClock.getAsLong());
        }
        if (e.shuttingDown()) {
            router.shutdownBegan();
        }
    }

    /**
     * Ticks are only for pools: with none (no {@code [eventlistener:x]}, the usual case) the
     * dispatcher thread does not wake every 5 s for nothing, which was a tenth of the daemon's idle
     * CPU. The first pool starts them again; its first TICK_5 comes at the next multiple of 5 s, as
     * under supervisord, which ticks all along.
     */
    private void keepTicking() {
        if (tick == null && router.hasPools()) {
            router.noteTicks(wallClock.getAsLong());
            scheduleTick();
        }
    }

    private void scheduleTick() {
        try {
            tick = thread.schedule(
                    () -> {
                        guarded(() -> {
                            Engine e = engine;
                            if (e != null && e.shuttingDown()) {
                                router.shutdownBegan();
                            }
                            router.tick(wallClock.getAsLong());
                        });
                        if (router.hasPools()) {
                            scheduleTick();
                        } else {
                            tick = null;
                        }
                    },
                    Ticker.untilNext(wallClock.getAsLong()) + 5,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing: no more ticks
        }
    }

    /** Completes on the dispatcher thread once everything handed over before it is done: for tests. */
    CompletableFuture<Void> drained() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        run(() -> done.complete(null));
        return done;
    }

    /** Whether a tick is scheduled: for tests. */
    boolean ticking() {
        return tick != null;
    }

    private int writeStdin(String process, byte[] bytes) {
        Supplier<OutputControl> o = output;
        if (o == null) {
            throw new OutputException(Fault.NOT_RUNNING, "the event hub is not started");
        }
        return o.get().writeStdin(process, bytes);
    }

    /**
     * Runs {@code task} on the dispatcher thread, in the order handed over from every thread, then
     * writes what stdin pipes left over, again later if needed. Tasks wait in {@link #inbox} for a
     * drain, posted by the first task to find none pending. After a quiet spell it runs at once;
     * while tasks keep coming (one within {@value #COALESCE_MS} ms of the last drain) it runs
     * {@value #COALESCE_MS} ms later, and takes all that came meanwhile. A burst of a thousand
     * spawns hands over a few thousand events, and a post for each (a task, a futex wake, and on
     * 2 busy cores the woken thread preempting the loop) took 10 % of the loop's wall time.
     */
    private void run(Runnable task) {
        if (closed) {
            return; // what happens after the end is not sent
        }
        inbox.add(task);
        if (!posted.getAndSet(true)) {
            try {
                if (System.nanoTime() - lastDrain < TimeUnit.MILLISECONDS.toNanos(COALESCE_MS)) {
                    thread.schedule(this::drain, COALESCE_MS, TimeUnit.MILLISECONDS);
                } else {
                    thread.execute(this::drain);
                }
            } catch (RejectedExecutionException e) {
                // closed meanwhile: as above
            }
        }
    }

    private void drain() {
        // Before the first poll: a task added from now on posts a drain of its own, which finds it
        // here already or in the queue; none is left waiting for a drain that has passed it.
        posted.set(false);
        for (Runnable task; (task = inbox.poll()) != null; ) {
            guarded(task);
        }
        lastDrain = System.nanoTime();
        scheduleRetry();
    }

    private void scheduleRetry() {
        if (retry != null || !router.unsent()) {
            return;
        }
        retry = thread.schedule(
                () -> {
                    retry = null;
                    boolean left = guardedFlush();
                    retryDelay = left ? Math.min(retryDelay * 2, LAST_RETRY_MS) : FIRST_RETRY_MS;
                    scheduleRetry();
                },
                retryDelay,
                TimeUnit.MILLISECONDS);
    }

    private boolean guardedFlush() {
        try {
            return router.flush();
        } catch (RuntimeException e) {
            LOG.error("internal error in the event dispatcher", e);
            return false;
        }
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("internal error in the event dispatcher", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            // A drain held back for a burst is a delayed task, which shutdown drops: one now instead.
            thread.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // closed twice
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(2, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
