package taskmaster.resources;

/**
 * What one scan found of one process group, summed over its members: reused from scan to scan.
 * A figure some members could not be read for is the sum over those that could; -1 when none
 * could.
 *
 * <p>CPU counts each member's own time and the time of the children it waited for ({@code
 * cutime}, {@code cstime}), so the CPU of a child that ended and was reaped inside the group stays
 * in the total. What a member that left the group (reparented away, then reaped by another) had
 * used leaves it with it: the total can then fall, and the rate is clamped at 0 for that interval.
 */
final class GroupTotals {
    long userTicks;
    long systemTicks;
    long rssBytes;
    long pssBytes = -1;
    int threads;
    int openFiles = -1;
    long readBytes = -1;
    long writeBytes = -1;
    /** Members that are not zombies. */
    int processes;
    /** Members seen, zombies included: 0 means the group was not found at all. */
    int members;

    void clear() {
        userTicks = 0;
        systemTicks = 0;
        rssBytes = 0;
        pssBytes = -1;
        threads = 0;
        openFiles = -1;
        readBytes = -1;
        writeBytes = -1;
        processes = 0;
        members = 0;
    }

    long cpuTicks() {
        return userTicks + systemTicks;
    }

    void addPss(long bytes) {
        pssBytes = plus(pssBytes, bytes);
    }

    void addOpenFiles(int n) {
        openFiles = (int) plus(openFiles, n);
    }

    void addIo(long read, long write) {
        readBytes = plus(readBytes, read);
        writeBytes = plus(writeBytes, write);
    }

    /** {@code sum + v}, where -1 is "nothing read yet" and a negative {@code v} is "unreadable". */
    private static long plus(long sum, long v) {
        if (v < 0) {
            return sum;
        }
        return sum < 0 ? v : sum + v;
    }
}
