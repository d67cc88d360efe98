package taskmaster.model;

import java.util.Optional;

/**
 * supervisord's event types, with its hierarchy: a listener subscribed to a parent
 * ({@code PROCESS_STATE}, {@code EVENT}) receives every type below it. The names are the wire
 * names of the {@code eventname:} header and of the {@code events} key.
 */
public enum EventType {
    EVENT(null),
    PROCESS_STATE(EVENT),
    PROCESS_STATE_STOPPED(PROCESS_STATE),
    PROCESS_STATE_EXITED(PROCESS_STATE),
    PROCESS_STATE_STARTING(PROCESS_STATE),
    PROCESS_STATE_STOPPING(PROCESS_STATE),
    PROCESS_STATE_BACKOFF(PROCESS_STATE),
    PROCESS_STATE_FATAL(PROCESS_STATE),
    PROCESS_STATE_RUNNING(PROCESS_STATE),
    PROCESS_STATE_UNKNOWN(PROCESS_STATE),
    PROCESS_COMMUNICATION(EVENT),
    PROCESS_COMMUNICATION_STDOUT(PROCESS_COMMUNICATION),
    PROCESS_COMMUNICATION_STDERR(PROCESS_COMMUNICATION),
    PROCESS_LOG(EVENT),
    PROCESS_LOG_STDOUT(PROCESS_LOG),
    PROCESS_LOG_STDERR(PROCESS_LOG),
    REMOTE_COMMUNICATION(EVENT),
    SUPERVISOR_STATE_CHANGE(EVENT),
    SUPERVISOR_STATE_CHANGE_RUNNING(SUPERVISOR_STATE_CHANGE),
    SUPERVISOR_STATE_CHANGE_STOPPING(SUPERVISOR_STATE_CHANGE),
    TICK(EVENT),
    TICK_5(TICK),
    TICK_60(TICK),
    TICK_3600(TICK),
    PROCESS_GROUP(EVENT),
    PROCESS_GROUP_ADDED(PROCESS_GROUP),
    PROCESS_GROUP_REMOVED(PROCESS_GROUP);

    private final EventType parent;

    EventType(EventType parent) {
        this.parent = parent;
    }

    /** Whether a listener subscribed to {@code subscribed} receives this type. */
    public boolean isA(EventType subscribed) {
        for (EventType t = this; t != null; t = t.parent) {
            if (t == subscribed) {
                return true;
            }
        }
        return false;
    }

    /** The type of a wire name, exactly as supervisord spells it (upper case). */
    public static Optional<EventType> parse(String name) {
        for (EventType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
