package taskmaster.mbeans;

import java.util.List;

/**
 * {@code taskmaster:type=Supervisor}: the daemon. Registered once and never re-registered, so its
 * listeners survive reloads: it emits an {@code AttributeChangeNotification} (attribute
 * {@code State}) for every state change of every process, and one (attribute {@code Health}) for
 * every change of a process's {@link Health}.
 *
 * <p>Names taken by the operations are supervisorctl's: a process name, a program name,
 * {@code group:*}, {@code group:name} or {@code all}; several may be given separated by commas or
 * spaces. An unknown name fails the whole call with {@code BAD_NAME}; a process already in the
 * asked state gives a {@link Result} with its fault. A failing call throws a JDK exception whose
 * message is {@code FAULT: name: explanation}.
 */
@Description(
        "The Taskmaster supervisor daemon: its state, its programs and processes, and the commands of supervisorctl.")
public interface SupervisorMXBean {

    @Description("The daemon's version.")
    String getVersion();

    @Description("The daemon's process id.")
    long getPid();

    @Description("The daemon's state: RUNNING, RELOADING (applying a configuration) or SHUTTING_DOWN.")
    SupervisorState getState();

    @Description(
            "The absolute, normalized path of the main configuration file, as the daemon was started with it (symlinks"
                    + " kept). taskmasterctl -c FILE compares it with FILE, symlinks resolved, before it drives the"
                    + " daemon.")
    String getConfigFile();

    @Description("When the daemon started, in epoch ms.")
    long getStartTime();

    @Description("Every program with its settings and aggregate state, in start order.")
    List<ProgramInfo> getPrograms();

    @Description("Every process with its state, pid, description, start time (epoch ms), exit status, restarts, health,"
            + " where its wanted state comes from and what it waits for, by name.")
    List<ProcessInfo> getProcesses();

    // ---- resources: the last sample's figures, never read from the system on the call ----

    @Description("User CPU time of every process and everything it forked, summed (not the daemon itself), in seconds,"
            + " as last sampled; only running processes count, -1 when unreadable for every one.")
    double getCpuUserSeconds();

    @Description("System CPU time of every process and everything it forked, summed (not the daemon itself), in"
            + " seconds, as last sampled; only running processes count, -1 when unreadable for every one.")
    double getCpuSystemSeconds();

    @Description("CPU of every process and everything it forked (not the daemon itself) over the last sampling"
            + " interval, summed, in percent of one core (200: two cores busy); only running processes count, -1 before"
            + " two samples of every one.")
    double getCpuPercent();

    @Description("Resident memory (RSS) of every process and everything it forked, summed (not the daemon itself), in"
            + " bytes; only running processes count, -1 when unreadable for every one.")
    long getMemoryRss();

    @Description("Proportional set size (PSS: shared pages divided among their users) of every process and everything"
            + " it forked, summed (not the daemon itself), in bytes; only running processes count, -1 when unreadable"
            + " for every one.")
    long getMemoryPss();

    @Description("Threads of every process and everything it forked, summed (not the daemon itself); only running"
            + " processes count, -1 when unreadable for every one.")
    int getThreads();

    @Description("Open file descriptors of every process and everything it forked, summed (not the daemon itself);"
            + " only running processes count, -1 when unreadable for every one.")
    int getOpenFiles();

    @Description("Bytes the process groups of every process read from storage (/proc/PID/io), summed; only"
            + " running processes count, -1 when unreadable for every one.")
    long getIoReadBytes();

    @Description("Bytes the process groups of every process wrote to storage (/proc/PID/io), summed; only"
            + " running processes count, -1 when unreadable for every one.")
    long getIoWriteBytes();

    @Description("Processes in the process groups of every process, summed; 0 when none runs.")
    int getProcessCount();

    @Description("Bytes of stdout the daemon captured from every process since the daemon started (cumulative, stopped"
            + " processes included).")
    long getStdoutBytes();

    @Description("Bytes of stderr the daemon captured from every process since the daemon started (cumulative, stopped"
            + " processes included).")
    long getStderrBytes();

    @Description("CPU time of the daemon itself (its JVM: user plus system), in seconds; -1 when unreadable.")
    double getDaemonCpuSeconds();

    @Description("CPU of the daemon itself over the last sampling interval, in percent of one core; -1 before two"
            + " samples.")
    double getDaemonCpuPercent();

    @Description("Resident memory (RSS) of the daemon itself, in bytes; -1 when unreadable.")
    long getDaemonMemoryRss();

    @Description("Threads of the daemon itself; -1 when unreadable.")
    int getDaemonThreads();

    @Description("Open file descriptors of the daemon itself; -1 when unreadable.")
    int getDaemonOpenFiles();

    @Description("Seconds between two background samples of every running process (sample_interval); 0: sampled"
            + " only when read.")
    int getSampleInterval();

    @Description("What every process costs, one row per process sorted by name: its program, pid, when sampled"
            + " (epoch ms), CPU seconds and percent of one core, RSS and PSS in bytes, threads, open descriptors,"
            + " I/O bytes, processes in its group and captured output bytes; -1 = unreadable, 0 when not running.")
    List<ResourceInfo> getResources();

    @Description("Starts the named processes and waits until each is RUNNING or has failed; one result per process.")
    List<Result> start(@Description("A process, a program, group:*, group:name or all.") String names);

    @Description("Stops the named processes and waits until each is STOPPED; one result per process.")
    List<Result> stop(@Description("A process, a program, group:*, group:name or all.") String names);

    @Description("Stops the named processes and, first, every process that depends on them (depends_on) and is up or"
            + " waits for them, dependents before what they depend on; waits until each is STOPPED; one result per"
            + " process.")
    List<Result> stopWithDependents(@Description("A process, a program, group:*, group:name or all.") String names);

    @Description("Stops then starts the named processes and waits until each is RUNNING or has failed; one result per"
            + " process.")
    List<Result> restart(@Description("A process, a program, group:*, group:name or all.") String names);

    @Description("A rolling restart: restarts the named processes one at a time, each only once the one before is"
            + " RUNNING again, so a pool keeps serving. If one does not come back, the rest are left as they are: its"
            + " result is its fault, theirs FAILED naming it. One result per process, in the order restarted.")
    List<Result> restartRolling(@Description("A process, a program, group:*, group:name or all.") String names);

    @Description("Gives the named processes back to their configuration: an operator's start or stop (kept across"
            + " restarts) is forgotten and autostart decides, starting or stopping them; a scale override of their"
            + " program ends (numprocs as the files say). Returns at once; one result per process or program.")
    List<Result> forget(@Description("A process, a program, group:*, group:name or all.") String names);

    @Description("Sends a signal to the named running processes; one result per process.")
    List<Result> signal(
            @Description("A process, a program, group:*, group:name or all.") String names,
            @Description("A signal name or number: TERM, SIGHUP, 10.") String signal);

    @Description("Reads the configuration files again and returns what a reload would change, applying nothing.")
    ReloadResult reread();

    @Description(
            "Reads the configuration files again and applies them, like SIGHUP: returns what was added, changed and"
                    + " removed, or the errors (then nothing changed).")
    ReloadResult reload();

    @Description("Reads the configuration files again and applies them to the named programs or groups only"
            + " (supervisorctl's update NAME...); the other programs keep their configuration until a reload."
            + " 'all' or an empty string applies everything. Unknown names: BAD_NAME.")
    ReloadResult update(
            @Description("Program or group names, separated by commas or white space; 'all' or empty for every one.")
                    String names);

    @Description("supervisorctl's add: reads the configuration files and takes the named group (or ungrouped"
            + " program) into the configuration in force, starting what autostarts; nothing else changes. Faults:"
            + " ALREADY_ADDED when it is in force already, BAD_NAME when the files have no such group, CANT_REREAD"
            + " when they have errors.")
    ReloadResult addProcessGroup(
            @Description("A group name, or the name of a program in no [group:x] section.") String name);

    @Description("supervisorctl's remove: takes the named group out of the configuration in force; the files keep"
            + " it, so a later update or addProcessGroup brings it back. Faults: STILL_RUNNING while one of its"
            + " processes is not STOPPED, EXITED or FATAL, BAD_NAME when no group of that name is in force.")
    ReloadResult removeProcessGroup(
            @Description("A group name, or the name of a program in no [group:x] section.") String name);

    @Description("Rotates the log files of the named processes now, whatever their size; one result per process.")
    List<Result> rotate(@Description("A process, a program, group:*, group:name or all.") String names);

    @Description(
            "Empties the log files of the named processes (current files truncated, backups deleted); one result per"
                    + " process.")
    List<Result> clearLogs(@Description("A process, a program, group:*, group:name or all.") String names);

    @Description(
            "Reads the daemon's event log (the logfile of [taskmasterd]): up to length bytes from a byte offset, as"
                    + " UTF-8 text with the byte offset to continue from and the file size in bytes. A negative offset"
                    + " reads from the end: -1600 starts 1600 bytes before the end, and with length 0 reads those 1600"
                    + " bytes (supervisord's readLog(-N, 0)). An offset beyond the end (the log rotated) restarts at 0."
                    + " Fails with NO_FILE when the daemon has no logfile.")
    LogData readLog(
            @Description("The byte offset to read from; negative: that many bytes before the end.") long offset,
            @Description("At most this many bytes, 0 to 1048576 (1 MiB); 0 with a negative offset: up to the end.")
                    int length);

    @Description("Stops every process in priority order, then the daemon exits. Returns at once.")
    void shutdown();
}
