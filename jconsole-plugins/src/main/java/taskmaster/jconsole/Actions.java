package taskmaster.jconsole;

import java.awt.Component;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import javax.swing.JButton;
import javax.swing.JMenuItem;
import javax.swing.JOptionPane;
import javax.swing.JPopupMenu;
import javax.swing.JTable;
import javax.swing.JTextArea;
import javax.swing.JToolBar;
import taskmaster.mbeans.ReloadResult;
import taskmaster.mbeans.Result;

/**
 * What the user can do from the tab: start, stop, restart and signal the selected processes (from
 * the toolbar, or the table's right-click menu), reload the configuration, fetch a snapshot. Each
 * runs on the Swing thread, calls the daemon through {@link Connection#call}, and says what came
 * of it on the status line, a failure with the daemon's fault for each process. A snapshot
 * follows every answer, since an answer says what happened, not the processes' new pids.
 */
final class Actions {

    private final Component parent;
    private final ProcessTable table;
    private final Connection connection;
    private final StatusLine status;
    private final JTextArea reloadView = new JTextArea("No reload from this tab yet.");

    /** {@code parent}: what the signal dialog is centred on. */
    Actions(Component parent, ProcessTable table, Connection connection, StatusLine status) {
        this.parent = parent;
        this.table = table;
        this.connection = connection;
        this.status = status;
        installMenu(table.view());
    }

    /** The "Last reload" tab's text: what the last reload from this tab added, changed and removed. */
    JTextArea reloadView() {
        return reloadView;
    }

    JToolBar toolBar() {
        JToolBar bar = new JToolBar();
        bar.setFloatable(false);
        bar.add(button("Start", "Start the selected processes", this::startSelected));
        bar.add(button("Stop", "Stop the selected processes", this::stopSelected));
        bar.add(button("Restart", "Restart the selected processes", this::restartSelected));
        bar.add(button("Signal...", "Send a signal to the selected processes", this::askSignal));
        bar.addSeparator();
        bar.add(button("Reload", "Reload the configuration (like SIGHUP)", this::reload));
        bar.add(button("Refresh", "Fetch every process again", connection::refresh));
        return bar;
    }

    /** A right-click selects the row under it unless it is part of the selection, then offers the operations. */
    private void installMenu(JTable view) {
        JPopupMenu menu = new JPopupMenu();
        menu.add(item("Start", this::startSelected));
        menu.add(item("Stop", this::stopSelected));
        menu.add(item("Restart", this::restartSelected));
        menu.add(item("Signal...", this::askSignal));
        view.addMouseListener(new MouseAdapter() {
            // The popup trigger is the press on some platforms and the release on others.
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
    }

    void startSelected() {
        operate("start", TaskmasterClient::start);
    }

    void stopSelected() {
        operate("stop", TaskmasterClient::stop);
    }

    void restartSelected() {
        operate("restart", TaskmasterClient::restart);
    }

    void signalSelected(String signal) {
        operate("signal " + signal, (c, names) -> c.signal(names, signal));
    }

    private void askSignal() {
        if (table.selectedNames().isEmpty()) {
            status.error("Select one or more processes first.");
            return;
        }
        String sig = JOptionPane.showInputDialog(parent, "Signal (a name or number: HUP, USR1, TERM, 10):", "HUP");
        if (sig != null && !sig.isBlank()) {
            signalSelected(sig.strip());
        }
    }

    private void operate(String what, BiFunction<TaskmasterClient, List<String>, List<Result>> op) {
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
        connection.call(
                s,
                () -> op.apply(s.client(), names),
                results -> {
                    List<String> failed = new ArrayList<>();
                    for (Result r : results) {
                        if (!r.ok()) {
                            failed.add(r.name() + ": " + r.fault() + ": " + r.message());
                        }
                    }
                    if (failed.isEmpty()) {
                        status.info(what + ": "
                                + results.stream()
                                        .map(r -> r.name() + " " + r.message())
                                        .toList());
                    } else {
                        status.error(what + " failed: " + String.join("; ", failed));
                    }
                    connection.refresh();
                },
                what);
    }

    /** Reloads the configuration and shows what was added, changed and removed. */
    void reload() {
        Connection.Session s = connection.session();
        if (s == null) {
            status.error("Not connected.");
            return;
        }
        status.info("reload...");
        connection.call(
                s,
                () -> s.client().reload(),
                r -> {
                    reloadView.setText(describe(r));
                    if (r.errors().isEmpty()) {
                        status.info(
                                "reload: added " + r.added() + ", changed " + r.changed() + ", removed " + r.removed());
                    } else {
                        status.error("reload failed: " + String.join("; ", r.errors()));
                    }
                    connection.refresh();
                },
                "reload");
    }

    static String describe(ReloadResult r) {
        String when = "Reload at " + LocalTime.now().format(TaskmasterPanel.HMS) + "\n";
        if (!r.errors().isEmpty()) {
            return when + "Not applied; the configuration has errors:\n  " + String.join("\n  ", r.errors()) + "\n";
        }
        return when + "added:     " + list(r.added()) + "\nchanged:   " + list(r.changed()) + "\nremoved:   "
                + list(r.removed()) + "\nrestarted: " + list(r.restarted()) + "\n";
    }

    private static String list(List<String> l) {
        return l.isEmpty() ? "-" : String.join(", ", l);
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
