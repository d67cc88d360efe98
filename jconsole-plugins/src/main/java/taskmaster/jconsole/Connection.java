package taskmaster.jconsole;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerNotification;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.swing.SwingUtilities;
import taskmaster.mbeans.ObjectNames;

/**
 * The tab's link to the daemon: which connection is current, its subscription to the Supervisor's
 * notifications, and the background executor every remote call runs on. No call runs on the Swing
 * thread, where a slow or unreachable daemon would freeze all of JConsole; results reach the views
 * through {@link SwingUtilities#invokeLater}. JConsole hands over a new connection after each
 * reconnect: each one is a new generation, and an answer from an older one is dropped, so a late
 * answer never overwrites what the current connection shows.
 */
final class Connection {

    private final ProcessTable table;
    private final EventLog events;
    private final StatusLine status;
    private final Snapshots snapshots;
    private final ExecutorService remote = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "taskmaster-plugin");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger generation = new AtomicInteger();
    private volatile Session session;
    private volatile String daemon = "taskmasterd";

    /** One connection: its client, its listener, and the generation that tells stale answers apart. */
    record Session(TaskmasterClient client, NotificationListener listener, int generation) {}

    Connection(ProcessTable table, EventLog events, StatusLine status) {
        this.table = table;
        this.events = events;
        this.status = status;
        this.snapshots = new Snapshots(this, table, events, status);
    }

    /** Starts using a (new) connection: subscribes, then fetches everything. Any thread. */
    void connect(MBeanServerConnection connection) {
        Session old = session;
        int gen = generation.incrementAndGet();
        TaskmasterClient client = new TaskmasterClient(connection);
        Session s = new Session(client, (n, handback) -> onNotification(gen, n), gen);
        session = s;
        onEdt(() -> status.info("Connecting..."));
        remote.execute(() -> {
            if (old != null) {
                old.client().unsubscribe(old.listener());
            }
            try {
                client.subscribe(s.listener());
                events.setLogAvailable(client.hasReadLog());
                daemon = "taskmasterd " + client.version();
                onEdt(() -> {
                    if (current(gen)) {
                        status.info("Connected to " + daemon);
                        events.showSeen();
                    }
                });
            } catch (Exception e) {
                onEdt(() -> {
                    if (current(gen)) {
                        status.error("Not a Taskmaster daemon, or not reachable: " + StatusLine.message(e));
                    }
                });
                return;
            }
            refresh();
        });
    }

    /** The connection is gone (JConsole will reconnect and call {@link #connect} again). Any thread. */
    void disconnected() {
        generation.incrementAndGet();
        session = null;
        onEdt(() -> status.error("Disconnected; the table shows the last known state."));
    }

    /** Unsubscribes and stops the executor: the tab is closing. */
    void dispose() {
        Session s = session;
        session = null;
        generation.incrementAndGet();
        if (s != null) {
            remote.execute(() -> s.client().unsubscribe(s.listener()));
        }
        remote.shutdown();
    }

    /** The current connection, or null when there is none. */
    Session session() {
        return session;
    }

    /** Whether answers of this generation are still wanted: no reconnect or disconnect since. */
    boolean current(int gen) {
        return generation.get() == gen && session != null;
    }

    /** The daemon's name and version, for the status line. */
    String daemon() {
        return daemon;
    }

    void inBackground(Runnable task) {
        remote.execute(task);
    }

    /** Asks for a snapshot (see {@link Snapshots#refresh}). Any thread. */
    void refresh() {
        snapshots.refresh();
    }

    Snapshots snapshots() {
        return snapshots;
    }

    /** On a JMX thread. */
    private void onNotification(int gen, Notification n) {
        Optional<StateChange> change = StateChange.of(n);
        if (change.isPresent()) {
            StateChange c = change.get();
            onEdt(() -> {
                if (current(gen)) {
                    table.model().applyChange(c.process(), c.state(), c.pid(), c.time());
                    events.add(c.line());
                }
            });
            // The state shows at once; a snapshot (coalesced over a burst of changes) then brings
            // the exact description, exit status and restarts, a process a reload added, and the log.
            refresh();
        } else if (HealthNotice.of(n).orElse(null) instanceof HealthNotice h) {
            onEdt(() -> {
                if (current(gen)) {
                    table.model().applyHealth(h.process(), h.health());
                    events.add(h.line());
                }
            });
            // the snapshot brings the check's message and time
            refresh();
        } else if (n instanceof MBeanServerNotification m && ObjectNames.ALL_PROCESSES.apply(m.getMBeanName())) {
            // A reload added or removed a process: its first state change may come before or
            // after, so only a snapshot is sure to list exactly the processes there are.
            refresh();
        }
    }

    /**
     * Runs a call on the background executor, then {@code then} on the Swing thread, unless a new
     * connection replaced this one meanwhile. A failure is reported as {@code <what> failed: FAULT: ...},
     * and a snapshot follows, since the call may have done part of its work.
     */
    <T> void call(Session s, Callable<T> call, Consumer<T> then, String what) {
        remote.execute(() -> {
            try {
                T v = call.call();
                onEdt(() -> {
                    if (current(s.generation())) {
                        then.accept(v);
                    }
                });
            } catch (Exception e) {
                onEdt(() -> {
                    if (current(s.generation())) {
                        status.error(what + " failed: " + StatusLine.message(e));
                        refresh();
                    }
                });
            }
        });
    }

    /** Runs on the Swing thread: at once when already there, so a report keeps its place in the order of events. */
    static void onEdt(Runnable r) {
        if (SwingUtilities.isEventDispatchThread()) {
            r.run();
        } else {
            SwingUtilities.invokeLater(r);
        }
    }
}
