package taskmaster.events;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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

    private static final long FIRST_RETRY_MS = 10;
    private static final long LAST_RETRY_MS = 500;

    private final LongSupplier wallClock;
    private final ScheduledExecutorService thread;
    private final EventRouter router;
    private final AtomicInteger waitingOutput = new AtomicInteger();
    private final AtomicLong droppedOutput = new AtomicLong();
    private volatile Engine engine;
    private volatile Supplier<OutputControl> output;
    /** Dispatcher thread only. */
    private ScheduledFuture<?> retry;
    /** Dispatcher thread only. */
    private long retryDelay = FIRST_RETRY_MS;

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
        run(() -> catchUp(engine));
        scheduleTick();
    }

    private void onEngineEvent(EngineEvent event) {
        Engine e = engine;
        Configuration config = e == null ? null : e.configuration();
        boolean shuttingDown = e != null && e.shuttingDown();
        run(() -> {
            if (config != null) {
                router.configure(config, wallClock.getAsLong());
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

    private void scheduleTick() {
        try {
            thread.schedule(
                    () -> {
                        guarded(() -> {
                            Engine e = engine;
                            if (e != null && e.shuttingDown()) {
                                router.shutdownBegan();
                            }
                            router.tick(wallClock.getAsLong());
                        });
                        scheduleTick();
                    },
                    Ticker.untilNext(wallClock.getAsLong()) + 5,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // closing: no more ticks
        }
    }

    private int writeStdin(String process, byte[] bytes) {
        Supplier<OutputControl> o = output;
        if (o == null) {
            throw new OutputException(Fault.NOT_RUNNING, "the event hub is not started");
        }
        return o.get().writeStdin(process, bytes);
    }

    /** Runs on the dispatcher thread, then writes what stdin pipes left over, again later if needed. */
    private void run(Runnable task) {
        try {
            thread.execute(() -> {
                guarded(task);
                scheduleRetry();
            });
        } catch (RejectedExecutionException closed) {
            // closed: what happens after the end is not sent
        }
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
