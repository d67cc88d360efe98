package taskmaster.events;

import java.util.HashMap;
import java.util.Map;
import taskmaster.model.EventType;

/**
 * One event as supervisord queues it: its type and its payload, rendered when it happened (so a
 * pid or a retry count is the one of that moment, however late it is sent), and the serials it is
 * given when a pool first accepts it. Owned by the dispatcher thread.
 */
final class Event {

    final EventType type;
    final String payload;
    /** The global serial, -1 until the first pool accepts it; an event no pool wants takes none. */
    long serial = -1;
    /** Each pool's serial, given once: an event sent again keeps the serials it had. */
    final Map<String, Long> poolSerials = new HashMap<>();

    Event(EventType type, String payload) {
        this.type = type;
        this.payload = payload;
    }

    @Override
    public String toString() {
        return type + "#" + serial;
    }
}
