package taskmaster.mbeans;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The names of the daemon's MBeans. Program and process names are restricted to
 * {@code [A-Za-z0-9_.-]+} by the configuration, so they are never quoted. Each name also comes
 * as text, for clients that send it in a string (Jolokia's JSON) and keep clear of
 * {@code javax.management}.
 */
public final class ObjectNames {

    public static final String DOMAIN = "taskmaster";
    /** {@code taskmaster:type=Supervisor} as text. */
    public static final String SUPERVISOR_NAME = DOMAIN + ":type=Supervisor";
    /** {@code taskmaster:type=Supervisor}: registered once for the daemon's life. */
    public static final ObjectName SUPERVISOR = of(SUPERVISOR_NAME);
    /** Every program bean. */
    public static final ObjectName ALL_PROGRAMS = of(DOMAIN + ":type=Program,*");
    /** Every process bean. */
    public static final ObjectName ALL_PROCESSES = of(DOMAIN + ":type=Process,*");

    private ObjectNames() {}

    /** {@code taskmaster:type=Program,name=<program>}. */
    public static ObjectName program(String program) {
        return of(programName(program));
    }

    /** {@link #program} as text. */
    public static String programName(String program) {
        return DOMAIN + ":type=Program,name=" + program;
    }

    /** {@code taskmaster:type=Process,program=<program>,name=<process>}. */
    public static ObjectName process(String program, String process) {
        return of(processName(program, process));
    }

    /** {@link #process} as text. */
    public static String processName(String program, String process) {
        return DOMAIN + ":type=Process,program=" + program + ",name=" + process;
    }

    private static ObjectName of(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }
}
