package taskmaster.output;

import taskmaster.model.ProcessSpec;

/**
 * Receives a copy of the stdout of a process with a log check ({@link ProcessSpec#watchesStdout()}),
 * in the order written, as the output thread reads it; with redirect_stderr, stderr is in it. Called
 * on the output thread: it must return quickly and never block, and must not change {@code bytes},
 * which the event system's tap may get next.
 */
@FunctionalInterface
public interface StdoutWatcher {
    /**
     * @param spec the settings the chunk was read under (the log check's regex is in its lifecycle)
     * @param pid  the process that wrote it, known by its pipe
     */
    void onStdout(ProcessSpec spec, long pid, byte[] bytes);
}
