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
 * @param management      raw values of the management keys (jolokia*, jmx_*), keyed by their
 *                        lower-case name; relative jolokia_policy/jolokia_keystore paths are
 *                        already resolved against the directory of the file that sets them
 * @param timestamps      the default of every program's {@code timestamps}
 * @param rundir          the private folder of the daemon's own files (lock, url, secret, state);
 *                        null means the default (see {@code taskmaster.config.RunFiles})
 * @param rpc             supervisord's {@code [unix_http_server]} and {@code [inet_http_server]}
 * @param sampleInterval  seconds between two resource samples of the running processes; 0: only
 *                        when the figures are read
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
        boolean nodaemon,
        Map<String, String> management,
        boolean timestamps,
        Path rundir,
        RpcServerSettings rpc,
        int sampleInterval) {

    /** {@code sample_interval}'s default, in seconds. */
    public static final int DEFAULT_SAMPLE_INTERVAL = 5;

    public DaemonSettings {
        environment = Map.copyOf(environment);
        management = Map.copyOf(management);
        rpc = rpc == null ? RpcServerSettings.NONE : rpc;
    }

    /** Settings with the default sample interval. */
    public DaemonSettings(
            Path logfile,
            long logfileMaxBytes,
            int logfileBackups,
            String loglevel,
            Path pidfile,
            Path childlogdir,
            Map<String, String> environment,
            Integer umask,
            Path directory,
            boolean nodaemon,
            Map<String, String> management,
            boolean timestamps,
            Path rundir,
            RpcServerSettings rpc) {
        this(
                logfile,
                logfileMaxBytes,
                logfileBackups,
                loglevel,
                pidfile,
                childlogdir,
                environment,
                umask,
                directory,
                nodaemon,
                management,
                timestamps,
                rundir,
                rpc,
                DEFAULT_SAMPLE_INTERVAL);
    }

    /** Settings without an XML-RPC server. */
    public DaemonSettings(
            Path logfile,
            long logfileMaxBytes,
            int logfileBackups,
            String loglevel,
            Path pidfile,
            Path childlogdir,
            Map<String, String> environment,
            Integer umask,
            Path directory,
            boolean nodaemon,
            Map<String, String> management,
            boolean timestamps,
            Path rundir) {
        this(
                logfile,
                logfileMaxBytes,
                logfileBackups,
                loglevel,
                pidfile,
                childlogdir,
                environment,
                umask,
                directory,
                nodaemon,
                management,
                timestamps,
                rundir,
                RpcServerSettings.NONE);
    }

    /** Settings with the default run folder. */
    public DaemonSettings(
            Path logfile,
            long logfileMaxBytes,
            int logfileBackups,
            String loglevel,
            Path pidfile,
            Path childlogdir,
            Map<String, String> environment,
            Integer umask,
            Path directory,
            boolean nodaemon,
            Map<String, String> management,
            boolean timestamps) {
        this(
                logfile,
                logfileMaxBytes,
                logfileBackups,
                loglevel,
                pidfile,
                childlogdir,
                environment,
                umask,
                directory,
                nodaemon,
                management,
                timestamps,
                null);
    }

    /** Settings without the timestamps default. */
    public DaemonSettings(
            Path logfile,
            long logfileMaxBytes,
            int logfileBackups,
            String loglevel,
            Path pidfile,
            Path childlogdir,
            Map<String, String> environment,
            Integer umask,
            Path directory,
            boolean nodaemon,
            Map<String, String> management) {
        this(
                logfile,
                logfileMaxBytes,
                logfileBackups,
                loglevel,
                pidfile,
                childlogdir,
                environment,
                umask,
                directory,
                nodaemon,
                management,
                false);
    }

    /** Settings without any management key: kept so code written before that component compiles. */
    public DaemonSettings(
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
        this(
                logfile,
                logfileMaxBytes,
                logfileBackups,
                loglevel,
                pidfile,
                childlogdir,
                environment,
                umask,
                directory,
                nodaemon,
                Map.of());
    }
}
