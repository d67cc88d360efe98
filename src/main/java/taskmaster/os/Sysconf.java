package taskmaster.os;

/**
 * The two system constants {@code /proc} figures are counted in, read once from sysconf(3):
 * {@code /proc/PID/stat} counts CPU time in clock ticks and {@code /proc/PID/statm} memory in
 * pages. Should the call fail, Linux's usual values stand in (100 ticks a second, 4 KiB pages).
 */
public final class Sysconf {
    private static final int SC_CLK_TCK = 2;
    private static final int SC_PAGESIZE = 30;
    private static final long CLOCK_TICKS = value(SC_CLK_TCK, 100);
    private static final long PAGE_SIZE = value(SC_PAGESIZE, 4096);

    private Sysconf() {}

    /** Clock ticks per second ({@code getconf CLK_TCK}). */
    public static long clockTicks() {
        return CLOCK_TICKS;
    }

    /** Bytes in a page ({@code getconf PAGESIZE}). */
    public static long pageSize() {
        return PAGE_SIZE;
    }

    private static long value(int name, long fallback) {
        try {
            long v = Libc.call(Libc.function("sysconf"), name, 0, 0, 0, 0, 0, 0);
            return v > 0 ? v : fallback;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return fallback;
        }
    }
}
