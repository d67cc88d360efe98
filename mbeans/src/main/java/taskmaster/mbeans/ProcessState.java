package taskmaster.mbeans;

/** The observed state of one supervised process, as supervisord 4.2 names them. */
public enum ProcessState {
    STOPPED, STARTING, RUNNING, BACKOFF, STOPPING, EXITED, FATAL
}
