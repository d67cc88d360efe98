package taskmaster.engine;

import java.util.function.Consumer;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;

/**
 * The engine's only door to the operating system: start a process, signal it, learn that it
 * ended. Unit tests use a fake; the daemon uses posix_spawn through FFM.
 */
public interface Launcher {

    /**
     * Starts a process as {@code spec} says, in its own session and process group.
     *
     * @param onExit called once, from any thread, when the process has ended and been reaped
     * @return the pid of the program itself
     * @throws SpawnException when it could not be started (missing command, bad working
     *                        directory, no permission, ...); nothing is left running then
     */
    long spawn(ProcessSpec spec, Consumer<ExitStatus> onExit) throws SpawnException;

    /**
     * Sends a signal to a process, or to its whole process group.
     *
     * @return false when there was nothing to signal (the process is already gone)
     */
    boolean signal(long pid, Signal signal, boolean group);

    /**
     * The settings of a process, when it is created and whenever a reload changes them without a
     * restart (where its output goes, rotation, timestamps): applied to a running process in place.
     */
    default void configured(ProcessSpec spec) {}
}
