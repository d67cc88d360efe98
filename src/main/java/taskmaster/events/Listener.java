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
    /** The process its protocol reads; 0 before the first. */
    private long pid;
    /** Output of a newer process read before its STARTING reached us (the two come by different threads). */
    private long earlyPid;

    private byte[] early = new byte[0];

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
     * What a process of this listener wrote on stdout; {@code from} is its pid, as its pipe knows
     * it (0: unknown, taken as the current process's while that one is alive). Output and state
     * changes come by different threads: a newer process's words wait for its STARTING, and an
     * older one's are dropped.
     */
    void output(byte[] data, long from) {
        if (from == pid || (from == 0 && processState.isSignallable())) {
            protocol.feed(data);
        } else if (from != 0) {
            if (from != earlyPid) {
                earlyPid = from;
                early = new byte[0];
            }
            if (early.length < ListenerProtocol.MAX_LINE) {
                byte[] joined = Arrays.copyOf(early, early.length + data.length);
                System.arraycopy(data, 0, joined, early.length, data.length);
                early = joined;
            }
        } else {
            LOG.debug("{}: ignored {} bytes written after its process ended", name, data.length);
        }
    }

    /**
     * Its process changed state. A new process starts in ACKNOWLEDGED; one that is gone gives
     * back the event it was handling, which its pool sends again first.
     */
    void processChanged(ProcessState to, long processPid) {
        processState = to;
        if (to == ProcessState.STARTING) {
            protocol.restart();
            pid = processPid;
            byte[] before = earlyPid == pid ? early : new byte[0];
            early = new byte[0];
            earlyPid = 0;
            if (before.length > 0) {
                protocol.feed(before);
            }
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
