package taskmaster.events;

import java.util.function.Supplier;
import taskmaster.engine.Engine;
import taskmaster.engine.EngineListener;
import taskmaster.output.OutputControl;
import taskmaster.output.OutputTap;

/**
 * supervisord's event system: turns engine events, ticks and tapped output into events and feeds
 * them to the {@code [eventlistener:x]} pools over their stdin, reading their answers from their
 * stdout. The daemon creates it before the engine (its {@link #listener()} goes to the engine,
 * its {@link #tap()} to the output capture), {@link #start}s it with the engine, closes it last.
 *
 * <p>SEAM: the dispatch is being written; until then this drops every event.
 */
public final class EventHub implements AutoCloseable {

    /** Receives the engine's events on the loop thread; safe to hand to the engine at once. */
    public EngineListener listener() {
        return e -> {};
    }

    /** Receives the tapped output on the output thread. */
    public OutputTap tap() {
        return (process, stream, bytes) -> {};
    }

    /** Begins dispatching: the pools come from the engine's configuration, events go out through {@code output}'s stdin. */
    public void start(Engine engine, Supplier<OutputControl> output) {}

    @Override
    public void close() {}
}
