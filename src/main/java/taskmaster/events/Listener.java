package taskmaster.events;

import java.util.Arrays;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.mbeans.ProcessState;
import taskmaster.output.OutputException;

/**
 * One process of a pool: its process state (only a RUNNING one is sent events), its protocol
 * state, the event it is handling and what of that event's envelope its stdin has not taken yet.
 */
final class Listener implements ListenerProtocol.Sink {

    private static final Logger LOG = LogManager.getLogger(Listener.class);

    final String name;
    private final Pool pool;
    final ListenerProtocol protocol;
    private ProcessState processState = ProcessState.STOPPED;
    /** The event sent and not answered yet; null when none. */
    private Event event;
    /** The rest of the envelope the pipe did not take at once; null when none. */
    private byte[] unsent;

    Listener(String name, Pool pool) {
        this.name = name;
        this.pool = pool;
        this.protocol = new ListenerProtocol(name, this);
    }

    /** READY, and its process RUNNING: supervisord sends events to no other. */
    boolean ready() {
        return processState == ProcessState.RUNNING && protocol.state() == ListenerState.READY;
    }

    Event event() {
        return event;
    }

    boolean hasUnsent() {
        return unsent != null;
    }

    /**
     * Sends an event's envelope: as much as the pipe takes now, the rest by {@link #flush}.
     *
     * @return false when the stdin cannot be written at all, the listener staying as it was
     */
    boolean send(Event e, byte[] envelope, StdinWriter stdin) {
        int taken;
        try {
            taken = stdin.write(name, envelope);
        } catch (OutputException ex) {
            LOG.debug(
                    "could not write event {} to listener {} ({}), listener state unchanged",
                    e.serial,
                    name,
                    ex.getMessage());
            return false;
        }
        unsent = taken >= envelope.length ? null : Arrays.copyOfRange(envelope, taken, envelope.length);
        protocol.sent();
        event = e;
        LOG.debug("event {} sent to listener {}", e.serial, name);
        return true;
    }

    /** Writes what the pipe did not take before; a closed stdin drops it, as supervisord does. */
    void flush(StdinWriter stdin) {
        if (unsent == null) {
            return;
        }
        try {
            int taken = stdin.write(name, unsent);
            unsent = taken >= unsent.length ? null : Arrays.copyOfRange(unsent, taken, unsent.length);
        } catch (OutputException ex) {
            LOG.debug("could not write the rest of an event to listener {}: {}", name, ex.getMessage());
            unsent = null;
        }
    }

    /**
     * Its process changed state. A new process starts in ACKNOWLEDGED; one that is gone gives
     * back the event it was handling, which its pool sends again first.
     */
    void processChanged(ProcessState to) {
        processState = to;
        if (to == ProcessState.STARTING) {
            protocol.restart();
        }
        if (!to.isSignallable()) {
            unsent = null;
            giveBack();
        }
    }

    /** Leaves its pool: the event it was handling goes back to the pool's buffer. */
    void giveBack() {
        Event e = event;
        event = null;
        if (e != null) {
            pool.accept(e, true);
        }
    }

    @Override
    public void result(byte[] body) {
        Event e = event;
        event = null;
        unsent = null;
        if (ResultHandler.accepts(body)) {
            LOG.debug("{}: event was processed", name);
        } else {
            LOG.warn("{}: event was rejected", name);
            if (e != null) {
                pool.accept(e, true);
            }
        }
    }

    @Override
    public void rejected() {
        unsent = null;
        giveBack();
    }
}
