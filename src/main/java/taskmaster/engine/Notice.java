package taskmaster.engine;

/** What a process pushed about itself: systemd's sd_notify messages, an fd newline, a log line. */
public sealed interface Notice {

    /** {@code READY=1}, a newline on the notification fd, or a matching log line. */
    record Ready() implements Notice {}

    /** {@code STATUS=...}: free text shown in the process's description. */
    record Status(String text) implements Notice {}

    /** {@code WATCHDOG=1}: still alive. */
    record Watchdog() implements Notice {}

    /** {@code EXTEND_TIMEOUT_USEC=...}: the start (or stop) may take this much longer, from now. */
    record ExtendTimeout(long micros) implements Notice {}

    /** {@code STOPPING=1}: the process is shutting down by itself. */
    record Stopping() implements Notice {}

    /** {@code MAINPID=...}: the process says its main process is another one. */
    record MainPid(long pid) implements Notice {}
}
