package taskmaster.output;

/**
 * What the management plane can do with the captured output of processes, by process name. The
 * implementation is the daemon's output capture ({@code taskmaster.os.OutputCapture}); this
 * interface depends on nothing else, so MBeans and commands plug in here.
 *
 * <p><b>Offsets.</b> {@link #read} offsets are byte positions in the <em>current</em> log file of
 * the stream. Rotation (by size, {@link #rotate}) and {@link #clear} start a new, empty current
 * file: a reader whose offset is then beyond the file's size restarts at 0 (the answer's
 * {@link LogChunk#offset()} is 0), so a follower never skips the beginning of the new file. What
 * it had not read of the old file is in {@code file.1}. Only files can be read: a discarded
 * stream, one forwarded to the daemon's console, or stderr merged into stdout
 * ({@code redirect_stderr}) fails with {@link taskmaster.mbeans.Fault#FAILED}.
 *
 * <p>An unknown process name fails with {@link taskmaster.mbeans.Fault#BAD_NAME}. Every method
 * may be called from any thread.
 */
public interface OutputControl {

    /**
     * Closes and reopens every log file the daemon writes to (SIGUSR2), so that logrotate's
     * move-and-create (its {@code create} mode) works: output goes to a new file at the same path.
     */
    void reopenAll();

    /** Rotates the log files of a process now, whatever their size ({@code .1} … {@code .N}). */
    void rotate(String process);

    /**
     * The last {@code bytes} bytes of the current log file of a stream (fewer if it is smaller).
     * Its {@link LogChunk#nextOffset()} is where a follower continues with {@link #read}.
     */
    LogChunk tail(String process, LogStream stream, int bytes);

    /** Up to {@code length} bytes of the current log file from {@code offset} (see the offsets above). */
    LogChunk read(String process, LogStream stream, long offset, int length);

    /** Empties the log files of a process: the current files are truncated, their backups deleted. */
    void clear(String process);

    /**
     * Writes to the stdin of a running process started with {@code stdin = pipe}. Never blocks:
     *
     * @return how many bytes the pipe took (fewer than given when the program does not read and the
     *         pipe is full)
     * @throws OutputException NOT_RUNNING when the process does not run, FAILED when it has no
     *                         stdin pipe or the program closed its stdin
     */
    int writeStdin(String process, byte[] bytes);

    /**
     * The bytes captured so far of each stream of a process. Unlike the other methods it never
     * fails and takes no turn on the output thread: a name it has no output of counts
     * {@link OutputCounts#NONE}, and the figures may be a chunk behind.
     */
    OutputCounts counts(String process);
}
