package taskmaster.model;

/**
 * The limits the daemon watches on a running process's whole group (the program and everything it
 * forked), from its resource samples, as PM2's {@code max_memory_restart} and Monit's
 * {@code if totalmem > 200 MB then restart} do.
 *
 * @param memoryBytes RSS above this for {@code window} samples in a row restarts the process; 0: no limit
 * @param cpuPercent  CPU above this percentage of one core for {@code window} samples in a row
 *                    restarts it (100 is one core busy); 0: no limit
 * @param window      how many samples in a row must be over a limit
 */
public record UsageLimits(long memoryBytes, int cpuPercent, int window) {

    public static final int DEFAULT_WINDOW = 3;

    public static final UsageLimits NONE = new UsageLimits(0, 0, DEFAULT_WINDOW);

    public boolean any() {
        return memoryBytes > 0 || cpuPercent > 0;
    }
}
