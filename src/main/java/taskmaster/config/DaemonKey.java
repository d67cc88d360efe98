package taskmaster.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The keys of {@code [taskmasterd]} and of supervisord's {@code [supervisord]}, which maps onto it. */
enum DaemonKey {
    LOGFILE(Role.SETTING),
    LOGFILE_MAXBYTES(Role.SETTING),
    LOGFILE_BACKUPS(Role.SETTING),
    LOGLEVEL(Role.SETTING),
    PIDFILE(Role.SETTING),
    CHILDLOGDIR(Role.SETTING),
    ENVIRONMENT(Role.SETTING),
    UMASK(Role.SETTING),
    DIRECTORY(Role.SETTING),
    NODAEMON(Role.SETTING),
    TIMESTAMPS(Role.SETTING),
    RUNDIR(Role.SETTING),
    // supervisord keys with no meaning here: accepted so that its files load.
    MINFDS(Role.IGNORED),
    MINPROCS(Role.IGNORED),
    NOCLEANUP(Role.IGNORED),
    IDENTIFIER(Role.IGNORED),
    SILENT(Role.IGNORED),
    STRIP_ANSI(Role.IGNORED),
    USER(Role.IGNORED),
    // Management (JMX, Jolokia): kept raw in DaemonSettings.management for the management work.
    JOLOKIA(Role.MANAGEMENT),
    JOLOKIA_HOST(Role.MANAGEMENT),
    JOLOKIA_PORT(Role.MANAGEMENT),
    JOLOKIA_USER(Role.MANAGEMENT),
    JOLOKIA_PASSWORD(Role.MANAGEMENT),
    JOLOKIA_POLICY(Role.MANAGEMENT_PATH),
    JOLOKIA_KEYSTORE(Role.MANAGEMENT_PATH),
    JOLOKIA_KEYSTORE_PASSWORD(Role.MANAGEMENT),
    JOLOKIA_AUTH(Role.MANAGEMENT),
    JOLOKIA_ALLOW_ORIGIN(Role.MANAGEMENT),
    JOLOKIA_ALLOW_HOST(Role.MANAGEMENT),
    JOLOKIA_PLAINTEXT(Role.MANAGEMENT),
    JMX_PORT(Role.MANAGEMENT),
    JMX_HOST(Role.MANAGEMENT),
    JMX_RMI_PORT(Role.MANAGEMENT),
    JMX_USERS(Role.MANAGEMENT),
    JMX_PLAINTEXT(Role.MANAGEMENT);

    enum Role { SETTING, IGNORED, MANAGEMENT, MANAGEMENT_PATH }

    private final Role role;

    DaemonKey(Role role) {
        this.role = role;
    }

    Role role() {
        return role;
    }

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<DaemonKey> byName(String name) {
        return Arrays.stream(values()).filter(k -> k.key().equals(name)).findFirst();
    }

    static List<String> allNames() {
        return Arrays.stream(values()).map(DaemonKey::key).toList();
    }
}
