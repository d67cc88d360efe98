package taskmaster.jconsole;

import java.awt.BorderLayout;
import java.awt.Font;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTabbedPane;
import javax.swing.JTable;
import javax.swing.JTextArea;
import javax.swing.JToolBar;
import javax.swing.SwingWorker;

/**
 * The "Taskmaster" tab: every process of the daemon in a sortable, filterable table kept live by
 * the Supervisor's notifications ({@link ProcessTable}, {@link Connection}, {@link Snapshots}),
 * the operations on the selected rows ({@link Actions}), the last reload and the event log
 * ({@link EventLog}), and a status line. This class only puts them together and lays them out;
 * the methods below are what {@link TaskmasterPlugin} and the tests drive.
 */
final class TaskmasterPanel extends JPanel {

    /** The tab's one time format: the event log's lines, the status line, the last reload. */
    static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ProcessTable table = new ProcessTable();
    private final StatusLine status = new StatusLine();
    private final EventLog events = new EventLog();
    private final Connection connection = new Connection(table, events, status);
    private final Actions actions = new Actions(this, table, connection, status);

    TaskmasterPanel() {
        super(new BorderLayout());
        JToolBar bar = actions.toolBar();
        bar.addSeparator();
        bar.add(new JLabel("Filter: "));
        bar.add(table.filterField());

        for (JTextArea a : List.of(actions.reloadView(), events.view())) {
            a.setEditable(false);
            a.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
        }
        JTabbedPane bottom = new JTabbedPane();
        bottom.addTab("Event log", new JScrollPane(events.view()));
        bottom.addTab("Last reload", new JScrollPane(actions.reloadView()));
        JSplitPane split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, new JScrollPane(table.view()), bottom);
        split.setResizeWeight(0.7);

        add(bar, BorderLayout.NORTH);
        add(split, BorderLayout.CENTER);
        add(status.view(), BorderLayout.SOUTH);
    }

    // ---- the connection, as JConsole reports it (any thread) ----

    /** Starts using a (new) connection: subscribes, then fetches everything. */
    void connect(MBeanServerConnection c) {
        connection.connect(c);
    }

    /** The connection is gone (JConsole will reconnect and call {@link #connect} again). */
    void disconnected() {
        connection.disconnected();
    }

    /** Stops the executor and the clock. */
    void dispose() {
        connection.dispose();
        table.stopClock();
    }

    /** For JConsole's update tick: see {@link Snapshots#slowRefreshWorker}. */
    SwingWorker<?, ?> slowRefreshWorker() {
        return connection.snapshots().slowRefreshWorker();
    }

    void refresh() {
        connection.refresh();
    }

    // ---- what the user does (Swing thread) ----

    void startSelected() {
        actions.startSelected();
    }

    void stopSelected() {
        actions.stopSelected();
    }

    void restartSelected() {
        actions.restartSelected();
    }

    void signalSelected(String signal) {
        actions.signalSelected(signal);
    }

    void reload() {
        actions.reload();
    }

    List<String> selectedNames() {
        return table.selectedNames();
    }

    /** Selects the rows of these processes (those the filter shows). */
    void select(List<String> names) {
        table.select(names);
    }

    void setFilter(String text) {
        table.setFilter(text);
    }

    // ---- what the user sees (Swing thread) ----

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
        return actions.reloadView().getText();
    }

    String eventText() {
        return events.text();
    }
}
