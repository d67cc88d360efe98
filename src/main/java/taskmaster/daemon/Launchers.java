package taskmaster.daemon;

import taskmaster.engine.Launcher;
import taskmaster.os.ConsoleWriter;
import taskmaster.os.PosixSpawnLauncher;
import taskmaster.os.SpawnHook;
import taskmaster.output.OutputControl;
import taskmaster.output.OutputTap;
import taskmaster.output.StdoutWatcher;

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

    /** Copies the stdout of what {@code launcher} starts with a log check to {@code watcher} (none without capture). */
    static void watch(Launcher launcher, StdoutWatcher watcher) {
        if (launcher instanceof PosixSpawnLauncher p) {
            p.output().watch(watcher);
        }
    }

    /** The captured output of what {@code launcher} starts; null for a launcher without capture. */
    static OutputControl output(Launcher launcher) {
        return launcher instanceof PosixSpawnLauncher p ? p.output() : null;
    }
}
