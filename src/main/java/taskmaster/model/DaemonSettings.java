package taskmaster.model;

import java.nio.file.Path;
import java.util.Map;

/**
 * The daemon's own settings, from {@code [taskmasterd]} (or supervisord's {@code [supervisord]}).
 *
 * @param logfile         the event log; null means no file (console only)
 * @param logfileMaxBytes rotation threshold of the event log (0: never rotate)
 * @param logfileBackups  rotated event logs kept
 * @param loglevel        log4j level name (TRACE, DEBUG, INFO, WARN, ERROR)
 * @param pidfile         the pidfile; null means none
 * @param childlogdir     folder for AUTO child logs
 * @param environment     added to every program's environment (the program's own keys win)
 * @param umask           the daemon's umask; null means leave it
 * @param directory       the daemon's working directory when it detaches; null means leave it
 * @param nodaemon        stay in the foreground
 */
public record DaemonSettings(
        Path logfile,
        long logfileMaxBytes,
        int logfileBackups,
        String loglevel,
        Path pidfile,
        Path childlogdir,
        Map<String, String> environment,
        Integer umask,
        Path directory,
        boolean nodaemon) {

    public DaemonSettings {
        environment = Map.copyOf(environment);
    }
}
