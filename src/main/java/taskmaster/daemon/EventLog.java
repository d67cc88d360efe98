package taskmaster.daemon;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.EngineListener;
import taskmaster.mbeans.Health;
import taskmaster.model.ProcessSpec;

/**
 * Turns engine events into the event log: one line per event, each starting with a fixed word
 * (spawned, success, exited, backoff, gave up, stop requested, killed, stopped, health, reload) so that
 * {@code grep '^.* exited: web'} finds what happened to a program.
 */
public final class EventLog implements EngineListener {

    private static final Logger LOG = LogManager.getLogger("taskmaster.events");

    @Override
    public void onEvent(EngineEvent event) {
        switch (event) {
            case EngineEvent.Spawned e -> LOG.info("spawned: '{}' with pid {}", e.process(), e.pid());
            case EngineEvent.SpawnFailed e -> LOG.warn("spawnerr: {}: {}", e.process(), e.reason());
            case EngineEvent.StateChanged e ->
                LOG.debug("state: {} {} -> {}", e.snapshot().name(), e.from(), e.to());
            case EngineEvent.Started e ->
                LOG.info(
                        "success: {} entered RUNNING state, process has stayed up for > than {} seconds (starttime)",
                        e.process(),
                        e.startSeconds());
            case EngineEvent.Exited e -> {
                String how = e.status().describe() + "; " + (e.expected() ? "expected" : "not expected");
                if (e.expected()) {
                    LOG.info("exited: {} ({})", e.process(), how);
                } else {
                    LOG.warn("exited: {} ({})", e.process(), how);
                }
            }
            case EngineEvent.Backoff e ->
                LOG.info(
                        "backoff: {} failed to start; retry in {} s ({})",
                        e.process(),
                        e.delaySeconds(),
                        attempt(e.attempt(), e.attempts()));
            case EngineEvent.GaveUp e ->
                LOG.warn(
                        "gave up: {} entered FATAL state, too many start retries too quickly ({} attempts; last: {})",
                        e.process(),
                        e.attempts(),
                        e.reason());
            case EngineEvent.StopRequested e ->
                LOG.info(
                        "stop requested: {} (pid {}) with {}{}",
                        e.process(),
                        e.pid(),
                        e.signal().fullName(),
                        e.group() ? " to its process group" : "");
            case EngineEvent.Killed e ->
                LOG.warn(
                        "killed: {} (pid {}) with SIGKILL, still up {} s after the stop signal (stoptime)",
                        e.process(),
                        e.pid(),
                        e.stopSeconds());
            case EngineEvent.Stopped e ->
                LOG.info("stopped: {} ({})", e.process(), e.status().describe());
            case EngineEvent.Signalled e ->
                LOG.info(
                        "signalled: {} (pid {}) with {}",
                        e.process(),
                        e.pid(),
                        e.signal().fullName());
            case EngineEvent.HealthChanged e -> health(e);
            case EngineEvent.Reloaded e ->
                LOG.info("reload: added {}, changed {}, removed {}", e.added(), e.changed(), e.removed());
        }
    }

    /**
     * {@code health: web HEALTHY -> UNHEALTHY (HTTP 503)}: a warning when it turns UNHEALTHY; the
     * moves to and from NONE (entering and leaving RUNNING) are debug, like state changes.
     */
    private static void health(EngineEvent.HealthChanged e) {
        if (e.to() == Health.UNHEALTHY) {
            LOG.warn("health: {}", healthChange(e));
        } else if (e.from() == Health.NONE || e.to() == Health.NONE) {
            LOG.debug("health: {}", healthChange(e));
        } else {
            LOG.info("health: {}", healthChange(e));
        }
    }

    /** {@code web HEALTHY -> UNHEALTHY (HTTP 503)}; no parenthesis before any check said anything. */
    static String healthChange(EngineEvent.HealthChanged e) {
        String message = e.snapshot().health().lastMessage();
        return e.snapshot().name() + " " + e.from() + " -> " + e.to() + (message.isEmpty() ? "" : " (" + message + ")");
    }

    /** "attempt 2 of 4", or, for supervisord's 4294967295 and the like, no count that reads as a limit. */
    static String attempt(int attempt, int attempts) {
        return attempts >= ProcessSpec.UNLIMITED_RETRIES
                ? "attempt " + attempt + ", retrying without end"
                : "attempt " + attempt + " of " + attempts;
    }
}
