package taskmaster.events;

/** supervisord's event listener states, as its debug lines name them. */
enum ListenerState {
    /** Waiting for {@code READY}: the state a listener starts in, and returns to after each result. */
    ACKNOWLEDGED,
    /** Said {@code READY}: may be sent an event (once its process is RUNNING). */
    READY,
    /** Was sent an event and owes a {@code RESULT}. */
    BUSY,
    /** Broke the protocol: gets no event until its process starts again. */
    UNKNOWN
}
