package taskmaster.jconsole;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.management.JMException;
import javax.management.JMX;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerDelegate;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.relation.MBeanServerNotificationFilter;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.ProcessInfo;
import taskmaster.mbeans.ReloadResult;
import taskmaster.mbeans.ResourceInfo;
import taskmaster.mbeans.Result;
import taskmaster.mbeans.SupervisorMXBean;

/**
 * The plugin's remote calls, all blocking: never call them on the Swing thread. Talks to
 * {@link ObjectNames#SUPERVISOR} only (it is never re-registered, so its listeners survive
 * reloads) plus the MBean server delegate, which says when a reload registers or removes beans.
 */
final class TaskmasterClient {

    /** Bytes of the event log's tail to show. */
    static final int TAIL_BYTES = 8192;

    private final MBeanServerConnection connection;
    private final SupervisorMXBean supervisor;
    /** Whether the daemon has the Resources attribute; asked once per connection. */
    private volatile Boolean resourcesOffered;

    TaskmasterClient(MBeanServerConnection connection) {
        this.connection = connection;
        this.supervisor = JMX.newMXBeanProxy(connection, ObjectNames.SUPERVISOR, SupervisorMXBean.class);
    }

    List<ProcessInfo> processes() {
        return supervisor.getProcesses();
    }

    String version() {
        return supervisor.getVersion();
    }

    /**
     * What every process costs, in one read of the Supervisor's {@code Resources}; empty from a
     * daemon older than that attribute (the tab then shows blank figures rather than an error).
     */
    List<ResourceInfo> resources() throws IOException, JMException {
        Boolean offered = resourcesOffered;
        if (offered == null) {
            offered = Arrays.stream(
                            connection.getMBeanInfo(ObjectNames.SUPERVISOR).getAttributes())
                    .anyMatch(a -> a.getName().equals("Resources"));
            resourcesOffered = offered;
        }
        return offered ? supervisor.getResources() : List.of();
    }

    List<Result> start(List<String> names) {
        return supervisor.start(String.join(",", names));
    }

    List<Result> stop(List<String> names) {
        return supervisor.stop(String.join(",", names));
    }

    List<Result> restart(List<String> names) {
        return supervisor.restart(String.join(",", names));
    }

    List<Result> signal(List<String> names, String signal) {
        return supervisor.signal(String.join(",", names), signal);
    }

    ReloadResult reload() {
        return supervisor.reload();
    }

    /** Listens to the Supervisor's state changes and to registrations of taskmaster beans. */
    void subscribe(NotificationListener listener) throws IOException, JMException {
        connection.addNotificationListener(ObjectNames.SUPERVISOR, listener, null, null);
        connection.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, listener, taskmasterBeans(), null);
    }

    void unsubscribe(NotificationListener listener) {
        for (ObjectName n : List.of(ObjectNames.SUPERVISOR, MBeanServerDelegate.DELEGATE_NAME)) {
            try {
                connection.removeNotificationListener(n, listener);
            } catch (IOException | JMException | RuntimeException ignored) {
                // gone with the connection
            }
        }
    }

    /** Registrations and unregistrations of any bean (the filter takes exact names only; the listener keeps ours). */
    private static NotificationFilter taskmasterBeans() {
        MBeanServerNotificationFilter f = new MBeanServerNotificationFilter(); // selects no name by default
        f.enableAllObjectNames();
        return f;
    }

    /**
     * Whether the daemon offers {@code readLog(offset, length)} on the Supervisor (supervisord's
     * {@code readLog}: a negative offset with length 0 reads the last bytes).
     */
    boolean hasReadLog() throws IOException, JMException {
        return readLogOperation().isPresent();
    }

    private Optional<MBeanOperationInfo> readLogOperation() throws IOException, JMException {
        return Arrays.stream(connection.getMBeanInfo(ObjectNames.SUPERVISOR).getOperations())
                .filter(o -> o.getName().equals("readLog") && o.getSignature().length == 2)
                .findFirst();
    }

    /** The event log's tail through {@code readLog}, or empty when the daemon has no such operation. */
    Optional<String> logTail() throws IOException, JMException {
        Optional<MBeanOperationInfo> op = readLogOperation();
        if (op.isEmpty()) {
            return Optional.empty();
        }
        String[] types =
                Arrays.stream(op.get().getSignature()).map(p -> p.getType()).toArray(String[]::new);
        Object[] args = {number(types[0], -TAIL_BYTES), number(types[1], 0)};
        return Optional.of(text(connection.invoke(ObjectNames.SUPERVISOR, "readLog", args, types)));
    }

    private static Object number(String type, long v) {
        return switch (type) {
            case "int", "java.lang.Integer" -> (int) v;
            default -> v;
        };
    }

    /** The text of a readLog answer: a string, or the first text item of a record. */
    static String text(Object answer) {
        if (answer instanceof CompositeData c) {
            for (String key : List.of("text", "data", "content", "bytes", "log")) {
                if (c.containsKey(key) && c.get(key) instanceof String s) {
                    return s;
                }
            }
            for (Object v : c.values()) {
                if (v instanceof String s) {
                    return s;
                }
            }
        }
        return String.valueOf(answer);
    }
}
