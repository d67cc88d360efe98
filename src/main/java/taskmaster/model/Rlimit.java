package taskmaster.model;

/**
 * One kernel resource limit a program is spawned with ({@code setrlimit(2)}), from an
 * {@code rlimit_*} key.
 *
 * @param resource which limit
 * @param soft     the soft limit; {@link #UNLIMITED}: RLIM_INFINITY
 * @param hard     the hard limit, at least {@code soft}; {@link #UNLIMITED}: RLIM_INFINITY
 */
public record Rlimit(Resource resource, long soft, long hard) {

    public static final long UNLIMITED = -1;

    /** The limits of {@code getrlimit(2)} a program can be given, with their numbers on Linux. */
    public enum Resource {
        CPU(0),
        FSIZE(1),
        DATA(2),
        STACK(3),
        CORE(4),
        RSS(5),
        NPROC(6),
        NOFILE(7),
        MEMLOCK(8),
        AS(9),
        LOCKS(10),
        SIGPENDING(11),
        MSGQUEUE(12),
        NICE(13),
        RTPRIO(14),
        RTTIME(15);

        private final int number;

        Resource(int number) {
            this.number = number;
        }

        /** Its {@code RLIMIT_*} number on Linux. */
        public int number() {
            return number;
        }
    }
}
