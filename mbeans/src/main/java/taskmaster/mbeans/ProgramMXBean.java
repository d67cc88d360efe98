package taskmaster.mbeans;

import java.util.List;

/**
 * {@code taskmaster:type=Program,name=<program>}: one program, its processes and its settings.
 *
 * <p>{@link #getState()} of a program with one process is that process's state. With several it
 * is the aggregate: when all processes are in the same state, that state; otherwise the most
 * severe by the fixed order FATAL, BACKOFF, EXITED, STOPPING, STARTING, STOPPED, RUNNING (so a
 * program is RUNNING only when every process is).
 */
@Description("A supervised program: its processes, its aggregate state and its settings (read-only).")
public interface ProgramMXBean {

    @Description("The program name.")
    String getName();

    @Description(
            "The state of its process, or for several processes the most severe one (FATAL, BACKOFF, EXITED, STOPPING,"
                    + " STARTING, STOPPED, RUNNING in that order); RUNNING only when all run.")
    ProcessState getState();

    @Description("The command line as written in the configuration.")
    String getCommand();

    @Description("How many processes the program runs.")
    int getNumProcs();

    @Description("Its numprocs as the configuration files say; another than NumProcs while a scale override holds.")
    int getFileNumProcs();

    @Description("How many of its processes are RUNNING.")
    int getRunning();

    @Description("Its processes with their state, pid, description and times (epoch ms).")
    List<ProcessInfo> getProcesses();

    @Description("The group the program belongs to (the program itself unless a [group:x] section lists it).")
    String getGroup();

    @Description("Start order: lower starts first and stops last.")
    int getPriority();

    @Description("Whether the program starts with the daemon.")
    boolean isAutostart();

    @Description("When an exited process is restarted: true, false or unexpected.")
    String getAutorestart();

    @Description("The exit codes that count as expected.")
    List<Integer> getExitCodes();

    @Description("Seconds a process must stay up to count as started.")
    int getStartSeconds();

    @Description("Failed starts retried before the process is FATAL.")
    int getStartRetries();

    @Description("The signal that stops the program, like TERM.")
    String getStopSignal();

    @Description("Seconds between the stop signal and SIGKILL.")
    int getStopSeconds();

    @Description("The working directory, empty for the daemon's.")
    String getWorkingDir();

    @Description("The account the program runs as, empty for the daemon's.")
    String getUser();

    // ---- resources: the last sample's figures, never read from the system on the call ----

    @Description("User CPU time of the program's processes and everything they forked, summed, in seconds, as last"
            + " sampled; only running processes count, -1 when unreadable for every one.")
    double getCpuUserSeconds();

    @Description("System CPU time of the program's processes and everything they forked, summed, in seconds, as last"
            + " sampled; only running processes count, -1 when unreadable for every one.")
    double getCpuSystemSeconds();

    @Description("CPU of the program's processes and everything they forked, summed over the last sampling interval,"
            + " in percent of one core (200: two cores busy); only running processes count, -1 before two samples of"
            + " every one.")
    double getCpuPercent();

    @Description("Resident memory (RSS) of the program's processes and everything they forked, summed, in bytes; only"
            + " running processes count, -1 when unreadable for every one.")
    long getMemoryRss();

    @Description("Proportional set size (PSS: shared pages divided among their users) of the program's processes and"
            + " everything they forked, summed, in bytes; only running processes count, -1 when unreadable for every"
            + " one.")
    long getMemoryPss();

    @Description("Threads of the program's processes and everything they forked, summed; only running processes count,"
            + " -1 when unreadable for every one.")
    int getThreads();

    @Description("Open file descriptors of the program's processes and everything they forked, summed; only running"
            + " processes count, -1 when unreadable for every one.")
    int getOpenFiles();

    @Description("Bytes the program's process groups read from storage (/proc/PID/io), summed; only running processes"
            + " count, -1 when unreadable for every one.")
    long getIoReadBytes();

    @Description("Bytes the program's process groups wrote to storage (/proc/PID/io), summed; only running processes"
            + " count, -1 when unreadable for every one.")
    long getIoWriteBytes();

    @Description("Processes in the program's process groups, summed; 0 when none runs.")
    int getProcessCount();

    @Description("Bytes of stdout the daemon captured from its processes since the daemon started (cumulative, stopped"
            + " processes included).")
    long getStdoutBytes();

    @Description("Bytes of stderr the daemon captured from its processes since the daemon started (cumulative, stopped"
            + " processes included).")
    long getStderrBytes();

    @Description("Starts every process of the program and waits until each is RUNNING or has failed; one result per"
            + " process.")
    List<Result> start();

    @Description("Stops every process of the program and waits until each is STOPPED; one result per process.")
    List<Result> stop();

    @Description("Restarts every process of the program and waits until each is RUNNING or has failed; one result per"
            + " process.")
    List<Result> restart();

    @Description("Runs N processes of the program from now on, adding or removing only those (the highest numbers are"
            + " removed first; the others keep running untouched); built as the files build them. The override is kept"
            + " across reloads and restarts until the files' numprocs changes. One result per process added or"
            + " removed. Faults: BAD_ARGUMENTS for N out of numprocs' range, CANT_REREAD when the files have errors.")
    List<Result> scale(@Description("The number of processes, as numprocs allows it.") int numprocs);

    @Description("Sends a signal to every running process of the program; one result per process.")
    List<Result> signal(@Description("A signal name or number: TERM, SIGHUP, 10.") String signal);
}
