package taskmaster.model;

import java.util.List;

/**
 * One program: a {@code [name]} or {@code [program:x]} section, expanded into its processes.
 *
 * @param origin where it was defined ({@code file:line} of its section header), for messages
 */
public record ProgramSpec(String name, String group, int priority, List<ProcessSpec> processes, String origin) {
    public ProgramSpec {
        processes = List.copyOf(processes);
    }

    public int numprocs() {
        return processes.size();
    }

    /** The first process's spec: the settings every process of the program shares. */
    public ProcessSpec template() {
        return processes.getFirst();
    }
}
