package taskmaster.model;

import java.util.List;

/**
 * One program: a {@code [name]}, {@code [program:x]} or {@code [eventlistener:x]} section,
 * expanded into its processes.
 *
 * @param origin   where it was defined ({@code file:line} of its section header), for messages
 * @param listener what makes it an event listener pool; null for any other program
 */
public record ProgramSpec(
        String name, String group, int priority, List<ProcessSpec> processes, String origin, ListenerSpec listener) {
    public ProgramSpec {
        processes = List.copyOf(processes);
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
