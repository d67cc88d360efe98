package taskmaster.daemon;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.EngineListener;
import taskmaster.engine.Notice;
import taskmaster.model.ProcessSpec;

/**
 * Turns engine events into the event log: one line per event, each starting with a fixed word
 * (spawned, success, exited, backoff, gave up, restart limit, fatal retry, essential down, stop requested,
 * killed, stopped, intent, reload, ready, not ready, notify, health, unhealthy, watchdog, memory limit,
 * cpu limit) so that {@code grep '^.* exited: web'} finds what happened to a program.
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
            case EngineEvent.RestartLimitHit e ->
                LOG.warn(
                        "restart limit: {} restarted {} times within {} s (restart_limit, restart_window); the next"
                                + " restart counts as a failed start",
                        e.process(),
                        e.limit(),
                        e.windowSeconds());
            case EngineEvent.FatalRetry e ->
                LOG.info(
                        "fatal retry: {} leaves FATAL after {} s (fatal_retry); starting afresh",
                        e.process(),
                        e.afterSeconds());
            case EngineEvent.EssentialDown e ->
                LOG.error(
                        "essential down: {} is {} ({}); the daemon stops every program and exits",
                        e.process(),
                        e.state(),
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
            case EngineEvent.Waiting e ->
                LOG.info("waiting: {} for {} (depends_on)", e.process(), String.join(", ", e.dependencies()));
            case EngineEvent.Signalled e ->
                LOG.info(
                        "signalled: {} (pid {}) with {}",
                        e.process(),
                        e.pid(),
                        e.signal().fullName());
            case EngineEvent.IntentChanged e ->
                LOG.info(
                        "intent: {} {}",
                        e.process(),
                        switch (e.source()) {
                            case OPERATOR -> "wanted " + (e.wanted() ? "up" : "down") + " by the operator";
                            case CONFIG, PERSISTED -> "back to its configuration (autostart)";
                        });
            case EngineEvent.Ready e ->
                LOG.info(
                        "ready: {} (pid {}) passed its readiness check {} after {} ms",
                        e.process(),
                        e.pid(),
                        e.check(),
                        e.afterMillis());
            case EngineEvent.NotReady e ->
                LOG.warn(
                        "not ready: {} (pid {}) not ready within {} s (ready_timeout){}; stopping it, a failed start",
                        e.process(),
                        e.pid(),
                        e.seconds(),
                        e.lastMessage().isEmpty() ? "" : "; last check: " + e.lastMessage());
            case EngineEvent.Notified e -> notified(e);
            case EngineEvent.HealthChecked e -> {
                if (e.status().lastOk()) {
                    LOG.info(
                            "health: {} (pid {}) is {}: {}",
                            e.process(),
                            e.pid(),
                            e.status().health(),
                            message(e));
                } else {
                    LOG.warn(
                            "health: {} (pid {}) is {}: check failed ({} of {} in a row): {}",
                            e.process(),
                            e.pid(),
                            e.status().health(),
                            e.status().failures(),
                            e.retries(),
                            message(e));
                }
            }
            case EngineEvent.Unhealthy e ->
                LOG.warn(
                        "unhealthy: {} (pid {}) failed {} health checks in a row (last: {}); restarting it",
                        e.process(),
                        e.pid(),
                        e.failures(),
                        e.lastMessage());
            case EngineEvent.WatchdogExpired e ->
                LOG.warn(
                        "watchdog: {} (pid {}) sent no WATCHDOG=1 for {} s (watchdog); restarting it",
                        e.process(),
                        e.pid(),
                        e.seconds());
            case EngineEvent.LimitExceeded e ->
                LOG.warn(
                        "{} limit: {} (pid {}) {}; restarting it", e.kind().word(), e.process(), e.pid(), e.describe());
            case EngineEvent.HealthChanged e -> health(e);
            case EngineEvent.Configured e -> {} // the reload's line comes with Reloaded, once it is done
            case EngineEvent.Reloaded e ->
                LOG.info("reload: added {}, changed {}, removed {}", e.added(), e.changed(), e.removed());
        }
    }

    private static String message(EngineEvent.HealthChecked e) {
        return e.status().lastMessage().isEmpty() ? "no message" : e.status().lastMessage();
    }

    /** What a process said of itself through sd_notify: a status at debug (it may come often), the rest at info. */
    private static void notified(EngineEvent.Notified e) {
        switch (e.notice()) {
            case Notice.Status s -> LOG.debug("notify: {} (pid {}) STATUS={}", e.process(), e.pid(), s.text());
            case Notice.Stopping s ->
                LOG.info("notify: {} (pid {}) STOPPING=1: it says it is shutting down", e.process(), e.pid());
            case Notice.MainPid m ->
                LOG.info(
                        "notify: {} (pid {}) MAINPID={}: recorded only, the spawned pid stays the one supervised",
                        e.process(),
                        e.pid(),
                        m.pid());
            case Notice.ExtendTimeout x ->
                LOG.info(
                        "notify: {} (pid {}) EXTEND_TIMEOUT_USEC={}: may take {} ms more to be ready",
                        e.process(),
                        e.pid(),
                        x.micros(),
                        x.micros() / 1000);
            case Notice.Ready r -> LOG.debug("notify: {} (pid {}) READY=1", e.process(), e.pid());
            case Notice.Watchdog w -> LOG.trace("notify: {} (pid {}) WATCHDOG=1", e.process(), e.pid());
        }
    }

    /**
     * {@code health: web HEALTHY -> UNHEALTHY (HTTP 503)}, at debug: the check's own line (a
     * {@code health:} warning for each failure, {@code unhealthy:} for the restart) already tells
     * it at info and warn; this is the verdict's change alone, as JMX notifies it.
     */
    private static void health(EngineEvent.HealthChanged e) {
        LOG.debug("health: {}", healthChange(e));
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
