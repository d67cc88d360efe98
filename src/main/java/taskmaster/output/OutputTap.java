package taskmaster.output;

/**
 * Receives a copy of what a process writes on a tapped stream (an event listener's stdout, its
 * protocol channel; a stream with {@code stdout_events_enabled} or {@code stderr_events_enabled}),
 * in the order written, as the output thread reads it. Called on the output thread: it must
 * return quickly and never block; {@code bytes} is the receiver's to keep.
 *
 */
@FunctionalInterface
public interface OutputTap {
    void onOutput(String process, LogStream stream, byte[] bytes);

    /**
     * The same with the pid of the process that wrote it, known by its pipe; the output thread
     * calls this one. A process's output may be read before the engine has published its spawn,
     * and the event system must not take a new process's first words (an event listener's
     * {@code READY}) for the last of the one before, nor give its first line no pid.
     */
    default void onOutput(String process, long pid, LogStream stream, byte[] bytes) {
        onOutput(process, stream, bytes);
    }
}
