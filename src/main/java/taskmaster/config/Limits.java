package taskmaster.config;

/**
 * Bounds on what a configuration may make the loader allocate or walk, so that no file, however
 * wrong, can exhaust the daemon's memory or stall a reload: past a bound, the value is an error.
 */
final class Limits {
    /** Widths and precisions of {@code %(name)...} expansions: {@code %(process_num)999999999d} would be 2 GB. */
    static final int MAX_WIDTH = 1024;
    /**
     * One expanded value: Linux's MAX_ARG_STRLEN, the longest argument or environment string
     * exec accepts, so no longer value could be used anyway.
     */
    static final int MAX_VALUE_CHARS = 128 * 1024;
    /**
     * Everything one load expands, over every process: each value is expanded once per process,
     * so numprocs multiplies whatever a section holds. A thousand processes with thirty ordinary
     * values each use about 3 million.
     */
    static final long MAX_EXPANDED_CHARS = 16L << 20;
    /** The cost, in characters, of one environment variable of one process, on top of its text. */
    static final int ENV_ENTRY_COST = 32;
    /** One configuration file; supervisord's are a few kilobytes. */
    static final long MAX_FILE_BYTES = 4L << 20;
    /** Paths one include pattern may visit: {@code /*}{@code /*}{@code /*} would walk the whole disk. */
    static final int MAX_GLOB_VISITS = 10_000;
    /** Rotated log files kept: a rotation renames each one, so this many renames per rotation. */
    static final int MAX_BACKUPS = 1000;
    /** Keys longer than this get no "did you mean": the edit distance costs their length times each key's. */
    static final int MAX_SUGGESTED_KEY = 64;

    private Limits() {}
}
