package taskmaster.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;

/**
 * The default mode: start the daemon as a new JVM in its own session, wait until it says it is
 * up (it writes its pid to a file we name), print its pid and return. Done in Java rather than in
 * the launch script so that what "up" means (configuration loaded, pidfile held, programs
 * started) is decided by the daemon itself. Both sides of that handshake are here: the daemon
 * calls {@link #reportReady} once it is up.
 */
final class Detacher {

    private static final long READY_TIMEOUT_MS = 60_000;

    private Detacher() {}

    /**
     * @param directory the daemon's working directory ({@code [taskmasterd] directory}), or null
     *                  to keep ours
     */
    static int detach(Path config, Path directory, PrintStream out, PrintStream err) {
        Path ready;
        Path stderr;
        try {
            Path dir = Files.createTempDirectory("taskmasterd-start");
            ready = dir.resolve("ready");
            stderr = dir.resolve("stderr");
        } catch (IOException e) {
            err.println("taskmasterd: cannot create a temporary folder: " + e.getMessage());
            return 1;
        }
        List<String> command = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            command.add(setsid.toString()); // its own session: a closing terminal does not reach it
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of("-n", "-c", config.toString(), "--ready-file", ready.toString()));
        if (Configs.strict()) {
            command.add("--strict");
        }
        Process child;
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            child = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr.toFile())
                    .start();
        } catch (IOException e) {
            err.println("taskmasterd: cannot start the daemon: " + e.getMessage());
            return 1;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        try {
            while (System.nanoTime() < deadline) {
                if (Files.exists(ready)) {
                    String pid = Files.readString(ready).trim();
                    out.println("taskmasterd started with pid " + pid);
                    cleanup(ready, stderr);
                    return 0;
                }
                if (child.waitFor(50, TimeUnit.MILLISECONDS)) {
                    err.print(Files.exists(stderr) ? Files.readString(stderr) : "");
                    err.println(
                            "taskmasterd: the daemon exited with status " + child.exitValue() + " before it was up");
                    cleanup(ready, stderr);
                    return 1;
                }
            }
        } catch (IOException e) {
            err.println("taskmasterd: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        err.println("taskmasterd: the daemon (pid " + child.pid() + ") did not report ready within "
                + READY_TIMEOUT_MS / 1000 + " s; see its log");
        return 1;
    }

    /**
     * The daemon's side: writes its pid to {@code readyFile} (null: not started by {@link #detach},
     * nothing to do). Written aside and moved into place, so the waiting parent never reads half a pid.
     */
    static void reportReady(Path readyFile, long pid) {
        if (readyFile == null) {
            return;
        }
        try {
            Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
            Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, readyFile, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // The logger is looked up here, not held: the detaching parent, which loads this class too, has no logging.
            LogManager.getLogger("taskmaster.daemon")
                    .error("could not tell the launching process we are up: {}", e.getMessage());
        }
    }

    private static void cleanup(Path ready, Path stderr) {
        try {
            Files.deleteIfExists(ready);
            // The daemon keeps writing its stderr to this file (JVM crash reports): unlinking it
            // is fine, the open descriptor stays valid.
            Files.deleteIfExists(stderr);
            Files.deleteIfExists(ready.getParent());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
