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
