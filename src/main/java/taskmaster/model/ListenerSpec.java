package taskmaster.model;

import java.util.List;

/**
 * What makes a program an {@code [eventlistener:x]} pool: its processes receive events on stdin
 * and answer on stdout with supervisord's listener protocol.
 *
 * @param events        the types subscribed to (a parent type subscribes to all below it)
 * @param bufferSize    events kept per pool while no listener is ready; beyond it the oldest is dropped
 * @param resultHandler the {@code result_handler} as written (supervisord's default
 *                      {@code supervisor.dispatchers:default_handler})
 */
public record ListenerSpec(List<EventType> events, int bufferSize, String resultHandler) {
    public ListenerSpec {
        events = List.copyOf(events);
    }

    /** Whether this pool receives events of {@code type}. */
    public boolean wants(EventType type) {
        return events.stream().anyMatch(type::isA);
    }
}
