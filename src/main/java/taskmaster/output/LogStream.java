package taskmaster.output;

/** One of a process's two output streams. */
public enum LogStream {
    STDOUT,
    STDERR
}
