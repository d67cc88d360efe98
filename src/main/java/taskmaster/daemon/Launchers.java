package taskmaster.daemon;

import taskmaster.engine.Launcher;
import taskmaster.os.ConsoleWriter;
import taskmaster.os.PosixSpawnLauncher;
import taskmaster.os.SpawnHook;
import taskmaster.output.OutputControl;
import taskmaster.output.OutputTap;

/** The launcher the daemon runs with. */
final class Launchers {
    private Launchers() {}

    /** @param hook what spawns get besides their settings (the readiness socket or pipe) */
    static Launcher create(SpawnHook hook) {
        // A stalled console (paused terminal, unread pipe) must never block a thread that logs.
        ConsoleWriter.installAsSystemStreams();
        return new PosixSpawnLauncher(hook);
    }

    /** Copies the tapped streams of what {@code launcher} starts to {@code tap} (none without capture). */
    static void tap(Launcher launcher, OutputTap tap) {
        if (launcher instanceof PosixSpawnLauncher p) {
            p.output().tap(tap);
        }
    }

    /** The captured output of what {@code launcher} starts; null for a launcher without capture. */
    static OutputControl output(Launcher launcher) {
        return launcher instanceof PosixSpawnLauncher p ? p.output() : null;
    }
}
