package taskmaster.model;

/** When a process that exited from RUNNING is started again (supervisord's {@code autorestart}). */
public enum AutoRestart {
    /** Always restart. */
    TRUE,
    /** Never restart. */
    FALSE,
    /** Restart when the exit code is not one of {@code exitcodes}; a death by signal is unexpected. */
    UNEXPECTED
}
