package taskmaster.os;

import java.util.Map;
import taskmaster.engine.SpawnException;
import taskmaster.model.ProcessSpec;

/**
 * What a spawn gets besides the program's own settings, for a readiness check that the program is
 * handed at spawn: {@code NOTIFY_SOCKET} in its environment, the notification pipe on its fd N.
 * {@link PosixSpawnLauncher} calls it around each spawn, on the spawning thread.
 */
public interface SpawnHook {

    /** No extras: every spawn is the program's settings alone. */
    SpawnHook NONE = spec -> Extras.NONE;

    /** Makes what {@code spec}'s spawn needs (a socket, a pipe), before the spawn. */
    Extras prepare(ProcessSpec spec) throws SpawnException;

    /** The extras of one spawn; exactly one of {@link #spawned} or {@link #abandoned} is called. */
    interface Extras {
        Extras NONE = new Extras() {};

        /** Variables set last, over the program's own {@code environment}. */
        default Map<String, String> environment() {
            return Map.of();
        }

        /** Descriptors the program inherits: its number to the daemon's descriptor. */
        default Map<Integer, Integer> descriptors() {
            return Map.of();
        }

        /** The spawn succeeded with this pid: the daemon's copies of the program's ends go, the watching starts. */
        default void spawned(int pid) {}

        /** The spawn failed, or the process could not be supervised: everything made is undone. */
        default void abandoned() {}

        /** The process has ended and been reaped (called before its exit is reported). */
        default void ended() {}
    }
}
