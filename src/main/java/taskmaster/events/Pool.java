package taskmaster.events;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.model.EventType;
import taskmaster.model.ListenerSpec;

/**
 * One {@code [eventlistener:x]}: the events it subscribed to wait in its buffer (at most
 * {@code buffer_size}; beyond, the oldest is dropped and the drop logged) and each goes to the
 * first of its listeners that is READY, in process order. An event rejected, or whose listener
 * died before answering, goes back to the head of the buffer.
 */
final class Pool {

    private static final Logger LOG = LogManager.getLogger(Pool.class);

    final String name;
    private ListenerSpec spec;
    private final Serial global;
    private final Serial serial = new Serial();
    private final ArrayDeque<Event> buffer = new ArrayDeque<>();
    private final Map<String, Listener> listeners = new LinkedHashMap<>();

    Pool(String name, ListenerSpec spec, Serial global) {
        this.name = name;
        this.spec = spec;
        this.global = global;
    }

    boolean wants(EventType type) {
        return spec.wants(type);
    }

    /** Takes the pool's new settings and process list; a listener no longer in it gives its event back. */
    void configure(ListenerSpec next, List<String> processes) {
        spec = next;
        listeners.keySet().removeIf(n -> {
            if (processes.contains(n)) {
                return false;
            }
            listeners.get(n).giveBack();
            return true;
        });
        Map<String, Listener> ordered = new LinkedHashMap<>();
        for (String p : processes) {
            Listener l = listeners.get(p);
            ordered.put(p, l != null ? l : new Listener(p, this));
        }
        listeners.clear();
        listeners.putAll(ordered);
    }

    Collection<Listener> listeners() {
        return listeners.values();
    }

    List<Event> buffered() {
        return List.copyOf(buffer);
    }

    /** supervisord's {@code _acceptEvent}: serials on first acceptance, then the buffer's bound. */
    void accept(Event event, boolean head) {
        if (event.serial < 0) {
            event.serial = global.next();
        }
        if (!event.poolSerials.containsKey(name)) {
            event.poolSerials.put(name, serial.next());
        } else {
            LOG.debug(
                    "rebuffering event {} for pool {} (buf size={}, max={})",
                    event.serial,
                    name,
                    buffer.size(),
                    spec.bufferSize());
        }
        if (buffer.size() >= spec.bufferSize() && !buffer.isEmpty()) {
            Event discarded = buffer.pollFirst();
            LOG.error("pool {} event buffer overflowed, discarding event {}", name, discarded.serial);
        }
        if (head) {
            buffer.addFirst(event);
        } else {
            buffer.addLast(event);
        }
    }

    /** Sends buffered events, oldest first, while a listener is READY. */
    void dispatch(StdinWriter stdin) {
        if (listeners.values().stream().noneMatch(Listener::ready)) {
            return;
        }
        while (!buffer.isEmpty()) {
            Event event = buffer.pollFirst();
            if (!send(event, stdin)) {
                accept(event, true);
                break;
            }
        }
    }

    private boolean send(Event event, StdinWriter stdin) {
        for (Listener l : listeners.values()) {
            if (l.ready() && l.send(event, Envelope.of(event, name, event.poolSerials.get(name)), stdin)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some listener's stdin still owes part of an envelope. */
    boolean flush(StdinWriter stdin) {
        boolean left = false;
        for (Listener l : listeners.values()) {
            l.flush(stdin);
            left |= l.hasUnsent();
        }
        return left;
    }
}
