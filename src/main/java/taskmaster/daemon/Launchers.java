package taskmaster.daemon;

import taskmaster.engine.Launcher;
import taskmaster.os.PosixSpawnLauncher;

/** The launcher the daemon runs with. */
final class Launchers {
    private Launchers() {
    }

    static Launcher create() {
        return new PosixSpawnLauncher();
    }
}
