package taskmaster.ctl;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import taskmaster.mbeans.HealthChange;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.StateChange;

/**
 * {@code events [--count N]}: a live stream of the daemon's state changes, one line each, until
 * Ctrl-C (or N events). A {@link Subscription} to {@code taskmaster:type=Supervisor}: pushed over
 * Server-Sent Events where the agent offers them, else pulled every {@link Subscription#POLL}; the
 * notification client is always unregistered (on return, interrupt, or JVM exit), since Jolokia
 * never expires stale clients.
 */
final class EventsCommand implements Command {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    @Override
    public String name() {
        return "events";
    }

    @Override
    public String usage() {
        return "events [--count N]";
    }

    @Override
    public String summary() {
        return "follow state changes live, until Ctrl-C (or N events)";
    }

    @Override
    public String details() {
        return """
            One line a change: time, process, old -> new state, its pid (and exit code when it
            exited), e.g. 2026-11-21T21:05:03.123 web_00 STARTING -> RUNNING pid 4242; a change of
            health says so: 2026-11-21T21:05:09.001 web_00 health HEALTHY -> UNHEALTHY (HTTP 503)
            --count N stops after N events (for scripts). The subscription is removed on exit.\
            """;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        long count = -1;
        if (args.size() == 2 && args.get(0).equals("--count")) {
            try {
                count = Long.parseLong(args.get(1));
            } catch (NumberFormatException e) {
                throw Command.usage(this);
            }
        } else if (!args.isEmpty()) {
            throw Command.usage(this);
        }
        if (count == 0) {
            return Exit.OK;
        }
        JolokiaClient client = ctx.supervisor().client();
        Subscription sub = Subscription.open(client);
        Thread hook = new Thread(sub::close, "taskmasterctl-events-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (ctx.interactive()) {
                ctx.err().println("listening for state changes; Ctrl-C to stop");
                ctx.err().flush();
            }
            long seen = 0;
            while (!Thread.currentThread().isInterrupted()) {
                Subscription.Batch batch = sub.next();
                if (batch.warning() != null) {
                    ctx.err().println("warning: " + batch.warning());
                }
                if (batch.dropped() > 0) {
                    ctx.err()
                            .println("warning: " + batch.dropped() + " events were dropped (more than "
                                    + "Jolokia keeps between two pulls)");
                }
                for (Map<String, Object> n : batch.notifications()) {
                    ctx.out().println(line(n));
                    if (++seen == count) {
                        ctx.out().flush();
                        return Exit.OK;
                    }
                }
                ctx.out().flush();
                ctx.err().flush();
            }
            return Exit.OK;
        } catch (CtlException e) {
            if (Thread.currentThread().isInterrupted() && !e.fault().equals(CtlException.UNREACHABLE)) {
                return Exit.OK;
            }
            throw e;
        } finally {
            boolean interrupted = Thread.interrupted();
            sub.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) anyway
            }
            if (interrupted && !ctx.interactive()) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * {@code 2026-11-21T21:05:03.123 web_00 STARTING -> RUNNING pid 4242}; a change of health:
     * {@code 2026-11-21T21:05:03.123 web_00 health HEALTHY -> UNHEALTHY (HTTP 503)}.
     */
    @SuppressWarnings("unchecked")
    static String line(Map<String, Object> notification) {
        Map<String, Object> data =
                notification.get("userData") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        if (data.containsKey(HealthChange.NEW_HEALTH)) {
            long time = Supervisor.number(data.getOrDefault(HealthChange.TIME, notification.get("timeStamp")));
            String message = Supervisor.str(data, HealthChange.MESSAGE);
            return TIME.format(Instant.ofEpochMilli(time)) + " " + Supervisor.str(data, HealthChange.PROCESS)
                    + " health " + Supervisor.str(data, HealthChange.OLD_HEALTH) + " -> "
                    + Supervisor.str(data, HealthChange.NEW_HEALTH) + (message.isEmpty() ? "" : " (" + message + ")");
        }
        long time = Supervisor.number(data.getOrDefault(StateChange.TIME, notification.get("timeStamp")));
        String process = Supervisor.str(data, StateChange.PROCESS);
        String from = data.containsKey(StateChange.OLD_STATE)
                ? Supervisor.str(data, StateChange.OLD_STATE)
                : Supervisor.str(notification, "oldValue");
        String to = data.containsKey(StateChange.NEW_STATE)
                ? Supervisor.str(data, StateChange.NEW_STATE)
                : Supervisor.str(notification, "newValue");
        long pid = Supervisor.number(data.get(StateChange.PID));
        long exit = data.get(StateChange.EXIT_STATUS) instanceof Number n ? n.longValue() : -1;
        StringBuilder b = new StringBuilder(TIME.format(Instant.ofEpochMilli(time)));
        b.append(' ')
                .append(process.isEmpty() ? Supervisor.str(notification, "message") : process)
                .append(' ')
                .append(from)
                .append(" -> ")
                .append(to);
        if (pid != 0) {
            b.append(" pid ").append(pid);
        }
        if (exit >= 0 && (to.equals(ProcessState.EXITED.name()) || to.equals(ProcessState.BACKOFF.name()))) {
            b.append(" exit ").append(exit);
        }
        return b.toString();
    }
}
