package taskmaster.events;

import taskmaster.mbeans.ProcessState;
import taskmaster.model.EventType;
import taskmaster.output.LogStream;

/** Each event type's body, byte for byte as supervisord's {@code events.py} renders it. */
final class Payloads {
    private Payloads() {}

    /**
     * {@code PROCESS_STATE_<to>}: name, group and the state left, then what that state carries:
     * {@code tries} for STARTING and BACKOFF, {@code expected} and {@code pid} for EXITED,
     * {@code pid} for RUNNING, STOPPING and STOPPED, nothing for FATAL.
     */
    static Event processState(
            String process, String group, ProcessState from, ProcessState to, int tries, boolean expected, long pid) {
        String head = "processname:" + process + " groupname:" + group + " from_state:" + from.name();
        String extra = switch (to) {
            case STARTING, BACKOFF -> " tries:" + tries;
            case EXITED -> " expected:" + (expected ? 1 : 0) + " pid:" + pid;
            case RUNNING, STOPPING, STOPPED -> " pid:" + pid;
            case FATAL -> "";
        };
        return new Event(stateType(to), head + extra);
    }

    static EventType stateType(ProcessState to) {
        return switch (to) {
            case STOPPED -> EventType.PROCESS_STATE_STOPPED;
            case STARTING -> EventType.PROCESS_STATE_STARTING;
            case RUNNING -> EventType.PROCESS_STATE_RUNNING;
            case BACKOFF -> EventType.PROCESS_STATE_BACKOFF;
            case STOPPING -> EventType.PROCESS_STATE_STOPPING;
            case EXITED -> EventType.PROCESS_STATE_EXITED;
            case FATAL -> EventType.PROCESS_STATE_FATAL;
        };
    }

    /** {@code TICK_<period>}: the start of the period just begun, in epoch seconds. */
    static Event tick(EventType type, long when) {
        return new Event(type, "when:" + when);
    }

    /** {@code SUPERVISOR_STATE_CHANGE_RUNNING} and {@code _STOPPING}: an empty body. */
    static Event supervisorState(EventType type) {
        return new Event(type, "");
    }

    /** {@code PROCESS_GROUP_ADDED} and {@code _REMOVED}: the only body that ends with a newline. */
    static Event group(EventType type, String group) {
        return new Event(type, "groupname:" + group + "\n");
    }

    /** {@code REMOTE_COMMUNICATION}, what an XML-RPC client sent with {@code sendRemoteCommEvent}. */
    static Event remote(String type, String data) {
        return new Event(EventType.REMOTE_COMMUNICATION, "type:" + type + "\n" + data);
    }

    /** {@code PROCESS_LOG_STDOUT} and {@code _STDERR}: one per chunk read, the chunk after the line. */
    static Event log(String process, String group, long pid, LogStream stream, byte[] data) {
        EventType type = stream == LogStream.STDOUT ? EventType.PROCESS_LOG_STDOUT : EventType.PROCESS_LOG_STDERR;
        String channel = stream == LogStream.STDOUT ? "stdout" : "stderr";
        return new Event(
                type,
                "processname:" + process + " groupname:" + group + " pid:" + pid + " channel:" + channel + "\n"
                        + PyText.decode(data));
    }
}
