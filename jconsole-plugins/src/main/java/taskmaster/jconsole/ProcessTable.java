package taskmaster.jconsole;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.RowFilter;
import javax.swing.Timer;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.table.TableColumnModel;
import javax.swing.table.TableRowSorter;
import taskmaster.mbeans.ProcessInfo;
import taskmaster.mbeans.ResourceInfo;

/**
 * The view of {@link ProcessTableModel}: the table the user sorts, filters and selects in, and the
 * filter field. Swing thread only. Rows are named by process, never by index, because the view's
 * order (sort, filter) is not the model's.
 */
final class ProcessTable {

    private static final int[] WIDTHS = {120, 100, 110, 80, 100, 60, 70, 55, 75, 65, 200};

    private final ProcessTableModel model = new ProcessTableModel(System::currentTimeMillis);
    private final JTable view = new JTable(model);
    private final TableRowSorter<ProcessTableModel> sorter = new TableRowSorter<>(model);
    private final JTextField filter = new JTextField(14);
    /** Uptimes move every second without a remote call: the model computes them from the start time. */
    private final Timer clock = new Timer(1000, e -> model.tick());

    ProcessTable() {
        view.setRowSorter(sorter);
        view.setAutoCreateRowSorter(false);
        view.setFillsViewportHeight(true);
        TableColumnModel columns = view.getColumnModel();
        columns.getColumn(ProcessTableModel.STATE).setCellRenderer(CellRenderers.state());
        columns.getColumn(ProcessTableModel.HEALTH).setCellRenderer(CellRenderers.health());
        columns.getColumn(ProcessTableModel.UPTIME).setCellRenderer(CellRenderers.uptime());
        columns.getColumn(ProcessTableModel.PID).setCellRenderer(CellRenderers.pid());
        columns.getColumn(ProcessTableModel.CPU).setCellRenderer(CellRenderers.cpu());
        columns.getColumn(ProcessTableModel.RSS).setCellRenderer(CellRenderers.bytes());
        for (int i = 0; i < WIDTHS.length; i++) {
            columns.getColumn(i).setPreferredWidth(WIDTHS[i]);
        }
        filter.setToolTipText("Show the processes whose name or program contains this text");
        filter.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                applyFilter();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                applyFilter();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                applyFilter();
            }
        });
        clock.start();
    }

    ProcessTableModel model() {
        return model;
    }

    JTable view() {
        return view;
    }

    JTextField filterField() {
        return filter;
    }

    void stopClock() {
        clock.stop();
    }

    /**
     * Shows a new snapshot. The selection is kept by name: snapshots come after every state
     * change, and one must not drop the rows the user is about to act on.
     */
    void replaceAll(List<ProcessInfo> processes, List<ResourceInfo> figures) {
        List<String> selected = selectedNames();
        model.replaceAll(processes, figures);
        addToSelection(selected);
    }

    /** New CPU and RSS figures; the rows, the selection and the sort stay. */
    void replaceResources(List<ResourceInfo> figures) {
        model.replaceResources(figures);
    }

    List<String> selectedNames() {
        List<String> names = new ArrayList<>();
        for (int v : view.getSelectedRows()) {
            names.add(model.row(view.convertRowIndexToModel(v)).name());
        }
        return names;
    }

    /** Selects the rows of these processes (those the filter shows). */
    void select(List<String> names) {
        view.clearSelection();
        addToSelection(names);
    }

    void setFilter(String text) {
        filter.setText(text);
    }

    private void addToSelection(List<String> names) {
        for (int i = 0; i < model.getRowCount(); i++) {
            if (names.contains(model.row(i).name())) {
                int v = view.convertRowIndexToView(i);
                if (v >= 0) {
                    view.addRowSelectionInterval(v, v);
                }
            }
        }
    }

    /** Case-insensitive, literal text (a name holds dots, which a regex would take as any character). */
    private void applyFilter() {
        String text = filter.getText().strip();
        sorter.setRowFilter(
                text.isEmpty()
                        ? null
                        : RowFilter.regexFilter(
                                "(?i)" + Pattern.quote(text), ProcessTableModel.NAME, ProcessTableModel.PROGRAM));
    }
}
