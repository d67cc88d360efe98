package taskmaster.resources;

import java.util.List;

/**
 * What the management plane reads of the resource samples: the last figures, never a synchronous
 * walk of {@code /proc} for every process. Every method may be called from any thread.
 */
public interface Usages {

    /** The last figures of one process; {@link ProcessUsage#none} when it is unknown or not running. */
    ProcessUsage of(String process);

    /** The last figures of every process, sorted by name. */
    List<ProcessUsage> all();

    /** The daemon's own figures (its JVM; not its programs). */
    ProcessUsage daemon();

    /** Seconds between two background samples; 0: sampled only when read (or not at all). */
    default int sampleInterval() {
        return 0;
    }

    /** No sampling at all: every process reads as not sampled. */
    static Usages none() {
        return new Usages() {
            @Override
            public ProcessUsage of(String process) {
                return ProcessUsage.none(process);
            }

            @Override
            public List<ProcessUsage> all() {
                return List.of();
            }

            @Override
            public ProcessUsage daemon() {
                return ProcessUsage.none("taskmasterd");
            }
        };
    }
}
