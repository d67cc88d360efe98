package taskmaster.model;

import java.util.List;

/**
 * One program: a {@code [name]}, {@code [program:x]} or {@code [eventlistener:x]} section,
 * expanded into its processes.
 *
 * @param origin   where it was defined ({@code file:line} of its section header), for messages
 * @param listener what makes it an event listener pool; null for any other program
 * @param fileNumprocs its numprocs as the files say it; an operator's scale override may run
 *                     another number of processes ({@link #numprocs()})
 */
public record ProgramSpec(
        String name,
        String group,
        int priority,
        List<ProcessSpec> processes,
        String origin,
        ListenerSpec listener,
        int fileNumprocs) {
    public ProgramSpec {
        processes = List.copyOf(processes);
    }

    /** A program that runs as many processes as its files say. */
    public ProgramSpec(
            String name,
            String group,
            int priority,
            List<ProcessSpec> processes,
            String origin,
            ListenerSpec listener) {
        this(name, group, priority, processes, origin, listener, processes.size());
    }

    /** This program with other processes, as a scale override makes them. */
    public ProgramSpec withProcesses(List<ProcessSpec> next) {
        return new ProgramSpec(name, group, priority, next, origin, listener, fileNumprocs);
    }

    /** Whether an operator's scale override runs another number of processes than the files say. */
    public boolean scaled() {
        return processes.size() != fileNumprocs;
    }

    /** A program that is not an event listener. */
    public ProgramSpec(String name, String group, int priority, List<ProcessSpec> processes, String origin) {
        this(name, group, priority, processes, origin, null);
    }

    public boolean isListener() {
        return listener != null;
    }

    public int numprocs() {
        return processes.size();
    }

    /** The first process's spec: the settings every process of the program shares. */
    public ProcessSpec template() {
        return processes.getFirst();
    }
}
