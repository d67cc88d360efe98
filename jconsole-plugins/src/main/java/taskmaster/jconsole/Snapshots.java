package taskmaster.jconsole;

import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.swing.SwingWorker;
import taskmaster.mbeans.ProcessInfo;
import taskmaster.mbeans.ResourceInfo;

/**
 * Keeps the table whole: fetches every process, what each costs (the Supervisor's
 * {@code Resources}, one read) and the event log's tail from the current connection.
 * Notifications move single rows at once, but only a snapshot brings the exact description, exit
 * status and restarts, and the processes a reload added or removed. A burst of
 * notifications asks for many snapshots; they coalesce into one running fetch and one more after
 * it, so the daemon is not asked once per change.
 */
final class Snapshots {

    /** How old a snapshot may get before JConsole's update tick fetches a new one (notifications keep it live). */
    static final long SLOW_REFRESH_MS = 15_000;
    /**
     * How old the CPU and RSS figures may get before the update tick reads them again. No
     * notification says they moved; the daemon samples every 5 s by default and JConsole ticks
     * every 4 s, so each tick reads them, unless a snapshot brought them less than this ago.
     */
    static final long FIGURES_REFRESH_MS = 3_000;

    private final Connection connection;
    private final ProcessTable table;
    private final EventLog events;
    private final StatusLine status;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicBoolean refreshAgain = new AtomicBoolean();
    private volatile long lastRefresh;
    private volatile long lastFigures;

    Snapshots(Connection connection, ProcessTable table, EventLog events, StatusLine status) {
        this.connection = connection;
        this.table = table;
        this.events = events;
        this.status = status;
    }

    /** Fetches every process (and the log tail) in the background; calls made meanwhile coalesce into one more. */
    void refresh() {
        Connection.Session s = connection.session();
        if (s == null) {
            return;
        }
        if (!refreshing.compareAndSet(false, true)) {
            refreshAgain.set(true);
            return;
        }
        connection.inBackground(() -> {
            try {
                do {
                    refreshAgain.set(false);
                    fetch(s);
                } while (refreshAgain.get() && connection.current(s.generation()));
            } finally {
                refreshing.set(false);
            }
        });
    }

    /**
     * For JConsole's update tick (every 4 s by default): a worker that fetches the processes when
     * the last snapshot is older than {@link #SLOW_REFRESH_MS}, else the CPU and RSS figures alone
     * when they are older than {@link #FIGURES_REFRESH_MS}, else null (nothing to do).
     */
    SwingWorker<?, ?> slowRefreshWorker() {
        Connection.Session s = connection.session();
        long now = System.currentTimeMillis();
        if (s == null || refreshing.get()) {
            return null;
        }
        boolean whole = now - lastRefresh >= SLOW_REFRESH_MS;
        if (!whole && now - lastFigures < FIGURES_REFRESH_MS) {
            return null;
        }
        return new SwingWorker<Void, Void>() {
            @Override
            protected Void doInBackground() {
                if (refreshing.compareAndSet(false, true)) {
                    try {
                        if (whole) {
                            fetch(s);
                        } else {
                            fetchFigures(s);
                        }
                    } finally {
                        refreshing.set(false);
                    }
                }
                return null;
            }
        };
    }

    /** On a background thread: the Resources alone, one read, for the CPU and RSS columns. */
    private void fetchFigures(Connection.Session s) {
        try {
            List<ResourceInfo> figures = s.client().resources();
            lastFigures = System.currentTimeMillis();
            Connection.onEdt(() -> {
                if (connection.current(s.generation())) {
                    table.replaceResources(figures);
                }
            });
        } catch (Exception e) {
            Connection.onEdt(() -> {
                if (connection.current(s.generation())) {
                    status.error("Refresh failed: " + StatusLine.message(e));
                }
            });
        }
    }

    /** On a background thread. */
    private void fetch(Connection.Session s) {
        try {
            List<ProcessInfo> processes = s.client().processes();
            List<ResourceInfo> figures = s.client().resources();
            Optional<String> tail = events.logAvailable() ? s.client().logTail() : Optional.empty();
            lastRefresh = System.currentTimeMillis();
            lastFigures = lastRefresh;
            Connection.onEdt(() -> {
                if (connection.current(s.generation())) {
                    table.replaceAll(processes, figures);
                    tail.ifPresent(events::showLog);
                    // An error stays readable: the refresh that follows a failed operation must not hide it.
                    if (!status.isError()) {
                        status.info(connection.daemon() + ": " + processes.size() + " processes, refreshed "
                                + LocalTime.now().format(TaskmasterPanel.HMS));
                    }
                }
            });
        } catch (Exception e) {
            Connection.onEdt(() -> {
                if (connection.current(s.generation())) {
                    status.error("Refresh failed: " + StatusLine.message(e));
                }
            });
        }
    }
}
