package taskmaster.mbeans;

/**
 * {@code taskmaster:type=Process,program=<program>,name=<process>}: one process. Emits an
 * {@code AttributeChangeNotification} (attribute {@code State}) on each state change. Its
 * operations throw when they fail, with a message {@code FAULT: process: explanation}.
 */
@Description("One supervised process: its state, pid, times and last exit.")
public interface ProcessMXBean {

    @Description("The process name (the program name when the program has one process).")
    String getName();

    @Description("The program the process belongs to.")
    String getProgram();

    @Description("The group the process belongs to.")
    String getGroup();

    @Description("The process state: STOPPED, STARTING, RUNNING, BACKOFF, STOPPING, EXITED or FATAL.")
    ProcessState getState();

    @Description("The state as one flag per state, exactly one true: for monitoring tools that export a 0/1 series per state.")
    StateFlags getStateFlags();

    @Description("The process id, 0 when not running.")
    long getPid();

    @Description("What supervisorctl's status prints: 'pid 4242, uptime 0:01:02', the time and kind of its exit, or its spawn error.")
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

    @Description("Starts the process and waits until it is RUNNING or has failed.")
    Result start();

    @Description("Stops the process and waits until it is STOPPED.")
    Result stop();

    @Description("Stops then starts the process and waits until it is RUNNING or has failed.")
    Result restart();

    @Description("Sends a signal to the running process.")
    Result signal(@Description("A signal name or number: TERM, SIGHUP, 10.") String signal);
}
