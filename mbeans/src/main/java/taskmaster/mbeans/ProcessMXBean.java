package taskmaster.mbeans;

/**
 * {@code taskmaster:type=Process,program=<program>,name=<process>}: one process. Emits an
 * {@code AttributeChangeNotification} (attribute {@code State}) on each state change, and one
 * (attribute {@code Health}) each time its {@link Health} changes. Its
 * operations throw when they fail, with a message {@code FAULT: process: explanation}.
 */
@Description("One supervised process: its state, pid, times, last exit, health and what it waits for.")
public interface ProcessMXBean {

    @Description("The process name (the program name when the program has one process).")
    String getName();

    @Description("The program the process belongs to.")
    String getProgram();

    @Description("The group the process belongs to.")
    String getGroup();

    @Description("The process state: STOPPED, STARTING, RUNNING, BACKOFF, STOPPING, EXITED or FATAL.")
    ProcessState getState();

    @Description("The state as one flag per state, exactly one true: for monitoring tools that export a 0/1 series per"
            + " state.")
    StateFlags getStateFlags();

    @Description("The process id, 0 when not running.")
    long getPid();

    @Description("What supervisorctl's status prints: 'pid 4242, uptime 0:01:02', the time and kind of its exit, or its"
            + " spawn error.")
    String getDescription();

    @Description("When the process was last spawned, in epoch ms (0: never).")
    long getStartTime();

    @Description("How long the process has been up, in ms (0 when not running).")
    long getUptime();

    @Description("The last exit code; -1 when it was killed by a signal or never exited.")
    int getExitStatus();

    @Description("Automatic restarts and start retries so far.")
    int getRestarts();

    @Description("Why the last start failed, empty when it did not.")
    String getSpawnError();

    @Description("Whether the operator wants the process up: its last start or stop, else its autostart.")
    boolean isWanted();

    @Description("Where Wanted comes from: CONFIG (autostart), OPERATOR (a start or stop since the daemon started) or"
            + " PERSISTED (one from before the daemon's restart, kept in its run folder).")
    WantedSource getWantedSource();

    @Description("What the health check last found: HEALTHY (the last check succeeded), UNHEALTHY (the last check"
            + " failed; healthcheck_retries failures in a row restart the process), UNKNOWN (not checked yet since it"
            + " became RUNNING) or NONE (no health check, or not RUNNING).")
    Health getHealth();

    @Description("The health as one flag per value, exactly one true: for monitoring tools that export a 0/1 series"
            + " per value.")
    HealthFlags getHealthFlags();

    @Description("When the last health check ended, in epoch ms (0: never checked).")
    long getHealthCheckedAt();

    @Description("Whether the last health check succeeded (false when never checked).")
    boolean isHealthOk();

    @Description("What the last health check said, e.g. 'HTTP 503' or 'connection refused'; empty before any.")
    String getHealthMessage();

    @Description("Failed health checks in a row (0 after a success).")
    int getHealthFailures();

    @Description("The dependencies (depends_on) the process waits for before it may start, comma-separated, e.g."
            + " 'db,cache'; empty when it waits for none.")
    String getWaitingFor();

    @Description("What the process last said of itself with sd_notify's STATUS= (ready = notify); empty when nothing.")
    String getStatusText();

    // ---- resources: the last sample's figures, never read from the system on the call ----

    @Description("User CPU time of its process group (the process and everything it forked), in seconds, as last"
            + " sampled; 0 when not running, -1 when unreadable.")
    double getCpuUserSeconds();

    @Description("System CPU time of its process group (the process and everything it forked), in seconds, as last"
            + " sampled; 0 when not running, -1 when unreadable.")
    double getCpuSystemSeconds();

    @Description("CPU of its process group (the process and everything it forked) over the last sampling interval, in"
            + " percent of one core (200: two cores busy); 0 when not running, -1 before two samples.")
    double getCpuPercent();

    @Description("Resident memory (RSS) of its process group (the process and everything it forked), in bytes; 0 when"
            + " not running, -1 when unreadable.")
    long getMemoryRss();

    @Description("Proportional set size (PSS: shared pages divided among their users) of its process group (the"
            + " process and everything it forked), in bytes; 0 when not running, -1 when unreadable.")
    long getMemoryPss();

    @Description("Threads of its process group (the process and everything it forked); 0 when not running, -1 when"
            + " unreadable.")
    int getThreads();

    @Description("Open file descriptors of its process group (the process and everything it forked); 0 when not"
            + " running, -1 when unreadable.")
    int getOpenFiles();

    @Description("Bytes its group read from storage (/proc/PID/io); 0 when not running, -1 when unreadable.")
    long getIoReadBytes();

    @Description("Bytes its group wrote to storage (/proc/PID/io); 0 when not running, -1 when unreadable.")
    long getIoWriteBytes();

    @Description("Processes in its group; 0 when not running.")
    int getProcessCount();

    @Description("Bytes of stdout the daemon captured from it since the daemon started (cumulative). Kept when it"
            + " stops.")
    long getStdoutBytes();

    @Description("Bytes of stderr the daemon captured from it since the daemon started (cumulative). Kept when it"
            + " stops.")
    long getStderrBytes();

    @Description("When these figures were sampled, in epoch ms; 0 when not sampled since the process started (or it"
            + " does not run).")
    long getSampledAt();

    @Description("Starts the process and waits until it is RUNNING or has failed.")
    Result start();

    @Description("Stops the process and waits until it is STOPPED.")
    Result stop();

    @Description("Stops then starts the process and waits until it is RUNNING or has failed.")
    Result restart();

    @Description("Sends a signal to the running process.")
    Result signal(@Description("A signal name or number: TERM, SIGHUP, 10.") String signal);

    // ---- captured output: offsets are byte offsets in the current log file (see LogData) ----

    @Description(
            "The last bytes of the process's stdout log file (UTF-8 text, its byte offset, the byte offset to follow"
                + " from with readStdout, and the file size in bytes). Fails when stdout is not captured to a file.")
    LogData tailStdout(@Description("How many bytes from the end, 0 to 1048576 (1 MiB).") int bytes);

    @Description(
            "The last bytes of the process's stderr log file, as tailStdout. Fails when stderr is discarded, forwarded"
                    + " or redirected to stdout.")
    LogData tailStderr(@Description("How many bytes from the end, 0 to 1048576 (1 MiB).") int bytes);

    @Description(
            "Up to length bytes of the stdout log file from a byte offset, and the byte offset to continue from; an"
                    + " offset beyond the end (the file rotated or was cleared) restarts at 0.")
    LogData readStdout(
            @Description("The byte offset to read from, 0 or more.") long offset,
            @Description("At most this many bytes, 0 to 1048576 (1 MiB).") int length);

    @Description("Up to length bytes of the stderr log file from a byte offset, as readStdout.")
    LogData readStderr(
            @Description("The byte offset to read from, 0 or more.") long offset,
            @Description("At most this many bytes, 0 to 1048576 (1 MiB).") int length);

    @Description("Empties the process's log files: the current stdout and stderr files are truncated and their backups"
            + " deleted.")
    Result clearLogs();

    @Description("Rotates the process's log files now, whatever their size (file becomes file.1, and so on up to the"
            + " backups kept).")
    Result rotateLogs();

    @Description("Writes text (encoded as UTF-8, sent as is: add the newline) to the stdin pipe of the running process"
            + " (stdin = pipe). Never blocks; returns how many bytes the pipe took, fewer when the program does"
            + " not read and the pipe is full.")
    int sendStdin(@Description("The text to write, e.g. a line ending with a newline.") String text);
}
