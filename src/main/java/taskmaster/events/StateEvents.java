package taskmaster.events;

import java.util.HashMap;
import java.util.Map;
import taskmaster.engine.EngineEvent;
import taskmaster.mbeans.ProcessState;

/**
 * Turns the engine's state changes into {@code PROCESS_STATE_*} events, keeping what their
 * payloads need and the snapshot lacks: supervisord's retry counter ({@code tries}) and the pid a
 * process had when it ended ({@code pid} of EXITED and STOPPED).
 *
 * <p>{@code tries} follows supervisord's {@code backoff}: one more at each BACKOFF, back to 0 on
 * RUNNING, on an exit from RUNNING and on FATAL, and kept otherwise, so a process stopped in
 * BACKOFF and started again shows the count it had, as under supervisord.
 */
final class StateEvents {

    private record End(long pid, boolean expected) {}

    private final Map<String, Integer> tries = new HashMap<>();
    private final Map<String, End> ends = new HashMap<>();

    /** Engine events that carry what the next state change needs. */
    void note(EngineEvent event) {
        switch (event) {
            case EngineEvent.Exited e -> ends.put(e.process(), new End(e.pid(), e.expected()));
            case EngineEvent.Stopped e -> ends.put(e.process(), new End(e.pid(), false));
            default -> {}
        }
    }

    /** What a change does to the counters, and what its event would say of them. */
    record Tracked(int tries, boolean expected, long pid) {}

    /**
     * Moves the counters on a change, whether any pool hears of it or not: a pool made later
     * starts from what they hold.
     */
    Tracked track(EngineEvent.StateChanged e) {
        String name = e.snapshot().name();
        End end = ends.remove(name);
        int t = tries.getOrDefault(name, 0);
        t = switch (e.to()) {
            case BACKOFF -> t + 1;
            case RUNNING, FATAL -> 0;
            case EXITED -> e.from() == ProcessState.RUNNING ? 0 : t;
            case STARTING, STOPPING, STOPPED -> t;
        };
        tries.put(name, t);
        long pid = switch (e.to()) {
            case EXITED, STOPPED -> end == null ? 0 : end.pid();
            default -> e.snapshot().pid();
        };
        return new Tracked(t, end != null && end.expected(), pid);
    }

    /** The {@code PROCESS_STATE_*} event of a change {@link #track}ed. */
    static Event payload(EngineEvent.StateChanged e, Tracked t) {
        return Payloads.processState(
                e.snapshot().name(), e.snapshot().group(), e.from(), e.to(), t.tries(), t.expected(), t.pid());
    }

    /** A removed process: one configured again later starts from scratch, as a new one does. */
    void forget(String process) {
        tries.remove(process);
        ends.remove(process);
    }
}
