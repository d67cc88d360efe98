package taskmaster.jconsole;

import java.awt.BorderLayout;
import java.awt.Font;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServerConnection;
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
import taskmaster.mbeans.ReloadResult;
import taskmaster.mbeans.Result;

/**
 * The "Taskmaster" tab: every process of the daemon in a sortable, filterable table kept live by
 * the Supervisor's notifications, the operations on the selected rows, the last reload and the
 * event log. Remote calls run on a background executor; their results, and notifications, reach
 * the Swing components through {@link SwingUtilities#invokeLater}.
 */
final class TaskmasterPanel extends JPanel {

    /** The tab's one time format: the event log's lines, the status line, the last reload. */
    static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ProcessTable table = new ProcessTable();
    private final StatusLine status = new StatusLine();
    private final EventLog events = new EventLog();
    private final JTextArea reloadView = new JTextArea("No reload from this tab yet.");
    private final Connection connection = new Connection(table, events, status);

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
    void connect(MBeanServerConnection c) {
        connection.connect(c);
    }

    /** The connection is gone (JConsole will reconnect and call {@link #connect} again). Any thread. */
    void disconnected() {
        connection.disconnected();
    }

    /** Stops the executor and the clock. */
    void dispose() {
        connection.dispose();
        table.stopClock();
    }

    void refresh() {
        connection.refresh();
    }

    SwingWorker<?, ?> slowRefreshWorker() {
        return connection.snapshots().slowRefreshWorker();
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
        Connection.Session s = connection.session();
        if (s == null) {
            status.error("Not connected.");
            return;
        }
        status.info(what + " " + String.join(", ", names) + "...");
        connection.call(s, () -> op.apply(s.client()).apply(names), results -> {
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
        Connection.Session s = connection.session();
        if (s == null) {
            status.error("Not connected.");
            return;
        }
        status.info("reload...");
        connection.call(s, () -> s.client().reload(), r -> {
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
