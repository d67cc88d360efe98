package taskmaster.output;

/**
 * Receives a copy of what a process writes on a tapped stream (an event listener's stdout, its
 * protocol channel; a stream with {@code stdout_events_enabled} or {@code stderr_events_enabled}),
 * in the order written, as the output thread reads it. Called on the output thread: it must
 * return quickly and never block; {@code bytes} is the receiver's to keep.
 */
@FunctionalInterface
public interface OutputTap {
    void onOutput(String process, LogStream stream, byte[] bytes);
}
