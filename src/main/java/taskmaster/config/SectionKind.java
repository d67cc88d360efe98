package taskmaster.config;

import java.util.List;
import java.util.Set;

/** What a section header means. Section names are case-sensitive, as in supervisord. */
enum SectionKind {
    /** {@code [taskmasterd]} or supervisord's {@code [supervisord]}. */
    DAEMON,
    /** The spec's {@code [name]}. */
    SPEC_PROGRAM,
    /** supervisord's {@code [program:x]}. */
    PROGRAM,
    GROUP,
    INCLUDE,
    /** supervisord's server and client sections: the JMX interface replaces them. */
    IGNORED,
    /** supervisord's {@code [eventlistener:x]}: a program whose processes speak the listener protocol. */
    EVENTLISTENER,
    /** Not supported, and it would need sockets handed to processes: an error. */
    FCGI_PROGRAM,
    /** {@code [something:x]} with an unknown prefix. */
    UNKNOWN;

    static final List<String> PREFIXES =
            List.of("program:", "group:", "eventlistener:", "fcgi-program:", "rpcinterface:", "ctlplugin:");
    private static final Set<String> IGNORED_NAMES = Set.of("unix_http_server", "inet_http_server", "supervisorctl");

    static SectionKind of(String section) {
        if (section.equals("taskmasterd") || section.equals("supervisord")) {
            return DAEMON;
        }
        if (section.equals("include")) {
            return INCLUDE;
        }
        if (IGNORED_NAMES.contains(section)
                || section.startsWith("rpcinterface:")
                || section.startsWith("ctlplugin:")) {
            return IGNORED;
        }
        if (section.startsWith("program:")) {
            return PROGRAM;
        }
        if (section.startsWith("group:")) {
            return GROUP;
        }
        if (section.startsWith("eventlistener:")) {
            return EVENTLISTENER;
        }
        if (section.startsWith("fcgi-program:")) {
            return FCGI_PROGRAM;
        }
        return section.contains(":") ? UNKNOWN : SPEC_PROGRAM;
    }

    /** The name after the prefix ({@code web} for {@code program:web}); the whole name for a spec program. */
    static String nameOf(String section) {
        int colon = section.indexOf(':');
        return colon < 0 ? section : section.substring(colon + 1);
    }
}
