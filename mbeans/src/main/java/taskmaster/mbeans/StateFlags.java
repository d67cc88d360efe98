package taskmaster.mbeans;

/**
 * One flag per state, exactly one of them true: the shape monitoring tools need for a 0/1 series
 * per state (Prometheus' {@code taskmaster_process_state{state="RUNNING"} 1}, all others 0), since
 * an exporter turns each item of this composite into its own sample. The components are named
 * after the states, in capitals, so the label reads the same as the {@code State} attribute.
 */
@SuppressWarnings("checkstyle:MemberName")
public record StateFlags(
        boolean STOPPED,
        boolean STARTING,
        boolean RUNNING,
        boolean BACKOFF,
        boolean STOPPING,
        boolean EXITED,
        boolean FATAL) {

    public static StateFlags of(ProcessState s) {
        return new StateFlags(
                s == ProcessState.STOPPED,
                s == ProcessState.STARTING,
                s == ProcessState.RUNNING,
                s == ProcessState.BACKOFF,
                s == ProcessState.STOPPING,
                s == ProcessState.EXITED,
                s == ProcessState.FATAL);
    }
}
