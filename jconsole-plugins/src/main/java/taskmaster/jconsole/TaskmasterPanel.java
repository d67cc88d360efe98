package taskmaster.jconsole;

import java.awt.BorderLayout;
import java.awt.Font;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.management.AttributeChangeNotification;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerNotification;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JMenuItem;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JPopupMenu;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTabbedPane;
import javax.swing.JTable;
import javax.swing.JTextArea;
import javax.swing.JToolBar;
import javax.swing.SwingUtilities;
import javax.swing.SwingWorker;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.ProcessInfo;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.ReloadResult;
import taskmaster.mbeans.Result;

/**
 * The "Taskmaster" tab: every process of the daemon in a sortable, filterable table kept live by
 * the Supervisor's notifications, the operations on the selected rows, the last reload and the
 * event log. Remote calls run on a background executor; their results, and notifications, reach
 * the Swing components through {@link SwingUtilities#invokeLater}.
 */
final class TaskmasterPanel extends JPanel {

    /** How old a snapshot may get before JConsole's update tick fetches a new one (notifications keep it live). */
    static final long SLOW_REFRESH_MS = 15_000;
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ProcessTable table = new ProcessTable();
    private final StatusLine status = new StatusLine();
    private final EventLog events = new EventLog();
    private final JTextArea reloadView = new JTextArea("No reload from this tab yet.");
    private final ExecutorService remote = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "taskmaster-plugin");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicBoolean refreshAgain = new AtomicBoolean();
    private final AtomicInteger generation = new AtomicInteger();
    private volatile Session session;
    private volatile long lastRefresh;
    private volatile String daemon = "taskmasterd";

    /** One connection: its client, its listener, and the generation that tells stale answers apart. */
    private record Session(TaskmasterClient client, NotificationListener listener, int generation) {
    }

    TaskmasterPanel() {
        super(new BorderLayout());
        JToolBar bar = new JToolBar();
        bar.setFloatable(false);
        bar.add(button("Start", "Start the selected processes", this::startSelected));
        bar.add(button("Stop", "Stop the selected processes", this::stopSelected));
        bar.add(button("Restart", "Restart the selected processes", this::restartSelected));
        bar.add(button("Signal...", "Send a signal to the selected processes", this::askSignal));
        bar.addSeparator();
        bar.add(button("Reload", "Reload the configuration (like SIGHUP)", this::reload));
        bar.add(button("Refresh", "Fetch every process again", this::refresh));
        bar.addSeparator();
        bar.add(new JLabel("Filter: "));
        bar.add(table.filterField());

        JPopupMenu menu = new JPopupMenu();
        menu.add(item("Start", this::startSelected));
        menu.add(item("Stop", this::stopSelected));
        menu.add(item("Restart", this::restartSelected));
        menu.add(item("Signal...", this::askSignal));
        JTable view = table.view();
        view.addMouseListener(new MouseAdapter() {
            @Override
            public void mousePressed(MouseEvent e) {
                popup(e);
            }

            @Override
            public void mouseReleased(MouseEvent e) {
                popup(e);
            }

            private void popup(MouseEvent e) {
                if (!e.isPopupTrigger()) {
                    return;
                }
                int row = view.rowAtPoint(e.getPoint());
                if (row >= 0 && !view.isRowSelected(row)) {
                    view.setRowSelectionInterval(row, row);
                }
                menu.show(view, e.getX(), e.getY());
            }
        });

        for (JTextArea a : List.of(reloadView, events.view())) {
            a.setEditable(false);
            a.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
        }
        JTabbedPane bottom = new JTabbedPane();
        bottom.addTab("Event log", new JScrollPane(events.view()));
        bottom.addTab("Last reload", new JScrollPane(reloadView));
        JSplitPane split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, new JScrollPane(view), bottom);
        split.setResizeWeight(0.7);

        add(bar, BorderLayout.NORTH);
        add(split, BorderLayout.CENTER);
        add(status.view(), BorderLayout.SOUTH);
    }

    // ---- connection ----

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

    /** Stops the executor and the clock. */
    void dispose() {
        Session s = session;
        session = null;
        generation.incrementAndGet();
        table.stopClock();
        if (s != null) {
            remote.execute(() -> s.client().unsubscribe(s.listener()));
        }
        remote.shutdown();
    }

    private boolean current(int gen) {
        return generation.get() == gen && session != null;
    }

    // ---- refresh ----

    /** Fetches every process (and the log tail) in the background; calls made meanwhile coalesce into one more. */
    void refresh() {
        Session s = session;
        if (s == null) {
            return;
        }
        if (!refreshing.compareAndSet(false, true)) {
            refreshAgain.set(true);
            return;
        }
        remote.execute(() -> {
            try {
                do {
                    refreshAgain.set(false);
                    fetch(s);
                } while (refreshAgain.get() && current(s.generation()));
            } finally {
                refreshing.set(false);
            }
        });
    }

    private void fetch(Session s) {
        try {
            List<ProcessInfo> processes = s.client().processes();
            Optional<String> tail = events.logAvailable() ? s.client().logTail() : Optional.empty();
            lastRefresh = System.currentTimeMillis();
            onEdt(() -> {
                if (current(s.generation())) {
                    apply(processes);
                    tail.ifPresent(events::showLog);
                }
            });
        } catch (Exception e) {
            onEdt(() -> {
                if (current(s.generation())) {
                    status.error("Refresh failed: " + StatusLine.message(e));
                }
            });
        }
    }

    /**
     * For JConsole's update tick (every 4 s by default): a worker that fetches the processes when
     * the last snapshot is older than {@link #SLOW_REFRESH_MS}, else null (nothing to do).
     */
    SwingWorker<?, ?> slowRefreshWorker() {
        Session s = session;
        if (s == null || refreshing.get() || System.currentTimeMillis() - lastRefresh < SLOW_REFRESH_MS) {
            return null;
        }
        return new SwingWorker<Void, Void>() {
            @Override
            protected Void doInBackground() {
                if (refreshing.compareAndSet(false, true)) {
                    try {
                        fetch(s);
                    } finally {
                        refreshing.set(false);
                    }
                }
                return null;
            }
        };
    }

    private void apply(List<ProcessInfo> processes) {
        table.replaceAll(processes);
        if (!status.isError()) {
            status.info(daemon + ": " + processes.size() + " processes, refreshed " + LocalTime.now().format(HMS));
        }
    }

    // ---- notifications (JMX threads) ----

    private void onNotification(int gen, Notification n) {
        if (n instanceof AttributeChangeNotification change && change.getUserData() instanceof CompositeData d) {
            String process = (String) d.get("process");
            ProcessState state = ProcessState.valueOf(String.valueOf(change.getNewValue()));
            long pid = d.containsKey("pid") ? ((Number) d.get("pid")).longValue() : 0;
            long time = change.getTimeStamp();
            String line = LocalTime.ofInstant(Instant.ofEpochMilli(time), ZoneId.systemDefault()).format(HMS) + " "
                    + process + ": " + change.getOldValue() + " -> " + change.getNewValue()
                    + (pid > 0 ? " (pid " + pid + ")" : "");
            onEdt(() -> {
                if (current(gen)) {
                    table.model().applyChange(process, state, pid, time);
                    events.add(line);
                }
            });
            // The state shows at once; a snapshot (coalesced over a burst of changes) then brings
            // the exact description, exit status and restarts, a process a reload added, and the log.
            refresh();
        } else if (n instanceof MBeanServerNotification m
                && ObjectNames.DOMAIN.equals(m.getMBeanName().getDomain())
                && "Process".equals(m.getMBeanName().getKeyProperty("type"))) {
            // A reload added or removed a process: its first state change may come before or
            // after, so only a snapshot is sure to list exactly the processes there are.
            refresh();
        }
    }

    // ---- operations (on the Swing thread; they call out in the background) ----

    void startSelected() {
        operate("start", c -> c::start);
    }

    void stopSelected() {
        operate("stop", c -> c::stop);
    }

    void restartSelected() {
        operate("restart", c -> c::restart);
    }

    void signalSelected(String signal) {
        operate("signal " + signal, c -> names -> c.signal(names, signal));
    }

    private void askSignal() {
        if (table.selectedNames().isEmpty()) {
            status.error("Select one or more processes first.");
            return;
        }
        String sig = JOptionPane.showInputDialog(this, "Signal (a name or number: HUP, USR1, TERM, 10):", "HUP");
        if (sig != null && !sig.isBlank()) {
            signalSelected(sig.strip());
        }
    }

    private interface Operation extends java.util.function.Function<List<String>, List<Result>> {
    }

    private void operate(String what, java.util.function.Function<TaskmasterClient, Operation> op) {
        List<String> names = table.selectedNames();
        if (names.isEmpty()) {
            status.error("Select one or more processes first.");
            return;
        }
        Session s = session;
        if (s == null) {
            status.error("Not connected.");
            return;
        }
        status.info(what + " " + String.join(", ", names) + "...");
        call(s, () -> op.apply(s.client()).apply(names), results -> {
            List<String> failed = new ArrayList<>();
            for (Result r : results) {
                if (!r.ok()) {
                    failed.add(r.name() + ": " + r.fault() + ": " + r.message());
                }
            }
            if (failed.isEmpty()) {
                status.info(what + ": " + results.stream().map(r -> r.name() + " " + r.message()).toList());
            } else {
                status.error(what + " failed: " + String.join("; ", failed));
            }
            refresh();
        }, what);
    }

    /** Reloads the configuration and shows what was added, changed and removed. */
    void reload() {
        Session s = session;
        if (s == null) {
            status.error("Not connected.");
            return;
        }
        status.info("reload...");
        call(s, () -> s.client().reload(), r -> {
            reloadView.setText(describe(r));
            if (r.errors().isEmpty()) {
                status.info("reload: added " + r.added() + ", changed " + r.changed() + ", removed " + r.removed());
            } else {
                status.error("reload failed: " + String.join("; ", r.errors()));
            }
            refresh();
        }, "reload");
    }

    static String describe(ReloadResult r) {
        String when = "Reload at " + LocalTime.now().format(HMS) + "\n";
        if (!r.errors().isEmpty()) {
            return when + "Not applied; the configuration has errors:\n  " + String.join("\n  ", r.errors()) + "\n";
        }
        return when + "added:     " + list(r.added()) + "\nchanged:   " + list(r.changed()) + "\nremoved:   "
                + list(r.removed()) + "\nrestarted: " + list(r.restarted()) + "\n";
    }

    private static String list(List<String> l) {
        return l.isEmpty() ? "-" : String.join(", ", l);
    }

    private <T> void call(Session s, Callable<T> call, Consumer<T> then, String what) {
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

    // ---- Swing-thread helpers and state for tests ----

    List<String> selectedNames() {
        return table.selectedNames();
    }

    void select(List<String> names) {
        table.select(names);
    }

    void setFilter(String text) {
        table.setFilter(text);
    }

    ProcessTableModel model() {
        return table.model();
    }

    JTable table() {
        return table.view();
    }

    String statusText() {
        return status.text();
    }

    boolean statusIsError() {
        return status.isError();
    }

    String reloadText() {
        return reloadView.getText();
    }

    String eventText() {
        return events.text();
    }

    private static void onEdt(Runnable r) {
        if (SwingUtilities.isEventDispatchThread()) {
            r.run();
        } else {
            SwingUtilities.invokeLater(r);
        }
    }

    private static JButton button(String text, String tip, Runnable action) {
        JButton b = new JButton(text);
        b.setToolTipText(tip);
        b.addActionListener(e -> action.run());
        return b;
    }

    private static JMenuItem item(String text, Runnable action) {
        JMenuItem i = new JMenuItem(text);
        i.addActionListener(e -> action.run());
        return i;
    }
}
