package taskmaster.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the engine needs to run one process, fully expanded and validated. Immutable;
 * {@link SpecField} says which of its fields a running process was launched with, and so which
 * changes a reload applies by restarting it.
 *
 * @param name         the process name ({@code web_00}, or the program name when numprocs = 1)
 * @param program      the program (section) it comes from
 * @param group        the group it belongs to (the program itself unless a [group:x] lists it)
 * @param processNum   its {@code %(process_num)}
 * @param command      the command line as written (after %(...)s expansion), for display
 * @param argv         what is executed: the words of a plain command, or {@code /bin/sh -c command}
 * @param environment  variables added to the daemon's environment (global env merged under the program's)
 * @param workingDir   the working directory; null means the daemon's
 * @param umask        the umask; null means the daemon's
 * @param user         the account to switch to; null means the daemon's
 * @param startRetries retries after a failed start; {@link #UNLIMITED_RETRIES} retries without end
 * @param startSeconds seconds the process must stay up to count as started (0: at once)
 * @param stopSeconds  seconds between the stop signal and SIGKILL
 * @param timestamps   prefix every captured output line with its local time
 * @param stdinPipe    stdin is a pipe the daemon holds (for writeStdin); otherwise /dev/null
 * @param tapStdout    a copy of stdout goes to the event system (an event listener's protocol channel,
 *                     or {@code stdout_events_enabled}); the stream is then a pipe even when discarded
 * @param tapStderr    the same for stderr ({@code stderr_events_enabled})
 * @param lifecycle    start order, readiness, health and restart policy
 * @param resources    the usage limits watched while it runs and the rlimits it is spawned with
 */
public record ProcessSpec(
        String name,
        String program,
        String group,
        int processNum,
        String command,
        List<String> argv,
        Map<String, String> environment,
        Path workingDir,
        Integer umask,
        UserSpec user,
        Output stdout,
        Output stderr,
        boolean redirectStderr,
        int priority,
        boolean autostart,
        AutoRestart autorestart,
        Set<Integer> exitCodes,
        int startRetries,
        int startSeconds,
        Signal stopSignal,
        int stopSeconds,
        boolean stopAsGroup,
        boolean killAsGroup,
        boolean timestamps,
        boolean stdinPipe,
        boolean tapStdout,
        boolean tapStderr,
        Lifecycle lifecycle,
        Resources resources) {

    /** {@code startRetries} meaning "retry without end" (supervisord's files write 4294967295 for it). */
    public static final int UNLIMITED_RETRIES = Integer.MAX_VALUE;

    public ProcessSpec {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
        exitCodes = Set.copyOf(exitCodes);
        if (lifecycle == null) {
            throw new IllegalArgumentException("no lifecycle for " + name);
        }
        if (resources == null) {
            throw new IllegalArgumentException("no resources for " + name);
        }
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty argv for " + name);
        }
    }

    /** A spec with no usage limits and no rlimits. */
    public ProcessSpec(
            String name,
            String program,
            String group,
            int processNum,
            String command,
            List<String> argv,
            Map<String, String> environment,
            Path workingDir,
            Integer umask,
            UserSpec user,
            Output stdout,
            Output stderr,
            boolean redirectStderr,
            int priority,
            boolean autostart,
            AutoRestart autorestart,
            Set<Integer> exitCodes,
            int startRetries,
            int startSeconds,
            Signal stopSignal,
            int stopSeconds,
            boolean stopAsGroup,
            boolean killAsGroup,
            boolean timestamps,
            boolean stdinPipe,
            boolean tapStdout,
            boolean tapStderr,
            Lifecycle lifecycle) {
        this(
                name,
                program,
                group,
                processNum,
                command,
                argv,
                environment,
                workingDir,
                umask,
                user,
                stdout,
                stderr,
                redirectStderr,
                priority,
                autostart,
                autorestart,
                exitCodes,
                startRetries,
                startSeconds,
                stopSignal,
                stopSeconds,
                stopAsGroup,
                killAsGroup,
                timestamps,
                stdinPipe,
                tapStdout,
                tapStderr,
                lifecycle,
                Resources.NONE);
    }

    /** A spec with the default lifecycle: no dependencies, readiness or health check. */
    public ProcessSpec(
            String name,
            String program,
            String group,
            int processNum,
            String command,
            List<String> argv,
            Map<String, String> environment,
            Path workingDir,
            Integer umask,
            UserSpec user,
            Output stdout,
            Output stderr,
            boolean redirectStderr,
            int priority,
            boolean autostart,
            AutoRestart autorestart,
            Set<Integer> exitCodes,
            int startRetries,
            int startSeconds,
            Signal stopSignal,
            int stopSeconds,
            boolean stopAsGroup,
            boolean killAsGroup,
            boolean timestamps,
            boolean stdinPipe,
            boolean tapStdout,
            boolean tapStderr) {
        this(
                name,
                program,
                group,
                processNum,
                command,
                argv,
                environment,
                workingDir,
                umask,
                user,
                stdout,
                stderr,
                redirectStderr,
                priority,
                autostart,
                autorestart,
                exitCodes,
                startRetries,
                startSeconds,
                stopSignal,
                stopSeconds,
                stopAsGroup,
                killAsGroup,
                timestamps,
                stdinPipe,
                tapStdout,
                tapStderr,
                Lifecycle.DEFAULT);
    }

    /** A spec whose output goes to no event listener. */
    public ProcessSpec(
            String name,
            String program,
            String group,
            int processNum,
            String command,
            List<String> argv,
            Map<String, String> environment,
            Path workingDir,
            Integer umask,
            UserSpec user,
            Output stdout,
            Output stderr,
            boolean redirectStderr,
            int priority,
            boolean autostart,
            AutoRestart autorestart,
            Set<Integer> exitCodes,
            int startRetries,
            int startSeconds,
            Signal stopSignal,
            int stopSeconds,
            boolean stopAsGroup,
            boolean killAsGroup,
            boolean timestamps,
            boolean stdinPipe) {
        this(
                name,
                program,
                group,
                processNum,
                command,
                argv,
                environment,
                workingDir,
                umask,
                user,
                stdout,
                stderr,
                redirectStderr,
                priority,
                autostart,
                autorestart,
                exitCodes,
                startRetries,
                startSeconds,
                stopSignal,
                stopSeconds,
                stopAsGroup,
                killAsGroup,
                timestamps,
                stdinPipe,
                false,
                false);
    }

    /** A spec without timestamps and with stdin on /dev/null. */
    public ProcessSpec(
            String name,
            String program,
            String group,
            int processNum,
            String command,
            List<String> argv,
            Map<String, String> environment,
            Path workingDir,
            Integer umask,
            UserSpec user,
            Output stdout,
            Output stderr,
            boolean redirectStderr,
            int priority,
            boolean autostart,
            AutoRestart autorestart,
            Set<Integer> exitCodes,
            int startRetries,
            int startSeconds,
            Signal stopSignal,
            int stopSeconds,
            boolean stopAsGroup,
            boolean killAsGroup) {
        this(
                name,
                program,
                group,
                processNum,
                command,
                argv,
                environment,
                workingDir,
                umask,
                user,
                stdout,
                stderr,
                redirectStderr,
                priority,
                autostart,
                autorestart,
                exitCodes,
                startRetries,
                startSeconds,
                stopSignal,
                stopSeconds,
                stopAsGroup,
                killAsGroup,
                false,
                false);
    }

    /** This spec with another lifecycle. */
    public ProcessSpec withLifecycle(Lifecycle next) {
        return new ProcessSpec(
                name,
                program,
                group,
                processNum,
                command,
                argv,
                environment,
                workingDir,
                umask,
                user,
                stdout,
                stderr,
                redirectStderr,
                priority,
                autostart,
                autorestart,
                exitCodes,
                startRetries,
                startSeconds,
                stopSignal,
                stopSeconds,
                stopAsGroup,
                killAsGroup,
                timestamps,
                stdinPipe,
                tapStdout,
                tapStderr,
                next,
                resources);
    }

    /** This spec with {@code extra} added to its environment (a value in {@code extra} wins). */
    public ProcessSpec withEnvironment(Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.putAll(extra);
        return new ProcessSpec(
                name,
                program,
                group,
                processNum,
                command,
                argv,
                env,
                workingDir,
                umask,
                user,
                stdout,
                stderr,
                redirectStderr,
                priority,
                autostart,
                autorestart,
                exitCodes,
                startRetries,
                startSeconds,
                stopSignal,
                stopSeconds,
                stopAsGroup,
                killAsGroup,
                timestamps,
                stdinPipe,
                tapStdout,
                tapStderr,
                lifecycle,
                resources);
    }

    /** This spec with other resource limits. */
    public ProcessSpec withResources(Resources next) {
        return new ProcessSpec(
                name,
                program,
                group,
                processNum,
                command,
                argv,
                environment,
                workingDir,
                umask,
                user,
                stdout,
                stderr,
                redirectStderr,
                priority,
                autostart,
                autorestart,
                exitCodes,
                startRetries,
                startSeconds,
                stopSignal,
                stopSeconds,
                stopAsGroup,
                killAsGroup,
                timestamps,
                stdinPipe,
                tapStdout,
                tapStderr,
                lifecycle,
                next);
    }

    /** Whether the child's stdout is a pipe the daemon reads: it is captured, tapped or watched by a log check. */
    public boolean stdoutPiped() {
        return stdout.captured() || tapStdout || watchesStdout();
    }

    /**
     * Whether a {@code log:} check reads stdout (readiness or health). Apart from {@link #tapStdout}:
     * a log check is no reason to send PROCESS_LOG events to the event listeners.
     */
    public boolean watchesStdout() {
        return lifecycle.readiness().check() instanceof Check.Log
                || lifecycle.health().check() instanceof Check.Log;
    }

    /** Whether the child's stderr is a pipe of its own: captured or tapped, and not merged into stdout. */
    public boolean stderrPiped() {
        return !redirectStderr && (stderr.captured() || tapStderr);
    }
}
