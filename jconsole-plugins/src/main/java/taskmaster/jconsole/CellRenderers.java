package taskmaster.jconsole;

import java.awt.Color;
import java.awt.Component;
import java.awt.Font;
import java.awt.Graphics;
import javax.swing.Icon;
import javax.swing.JTable;
import javax.swing.table.DefaultTableCellRenderer;
import javax.swing.table.TableCellRenderer;
import taskmaster.mbeans.Health;
import taskmaster.mbeans.ProcessState;

/**
 * How the table's cells look. The model keeps raw values (a state, seconds, a pid) so that
 * sorting compares them as such; these renderers only turn them into text and colour.
 */
final class CellRenderers {

    private CellRenderers() {}

    /**
     * The colour of a state at a glance: green up, amber on its way up or down, orange retrying,
     * red given up, greys for the two ways of being down. A switch rather than a map, so a state
     * added to the contract cannot be left without a colour.
     */
    static Color colour(ProcessState state) {
        return switch (state) {
            case RUNNING -> new Color(0x2E7D32);
            case STARTING, STOPPING -> new Color(0xF9A825);
            case BACKOFF -> new Color(0xEF6C00);
            case FATAL -> new Color(0xC62828);
            case EXITED -> new Color(0x757575);
            case STOPPED -> new Color(0x9E9E9E);
        };
    }

    /** The state in bold, in its colour, after a dot of that colour (the dot stays when the row is selected). */
    static TableCellRenderer state() {
        return new StateRenderer();
    }

    /** The colour of a health verdict; null for NONE (no check, or not RUNNING), which shows blank. */
    static Color colour(Health health) {
        return switch (health) {
            case HEALTHY -> new Color(0x2E7D32);
            case UNKNOWN -> new Color(0xF9A825);
            case UNHEALTHY -> new Color(0xC62828);
            case NONE -> null;
        };
    }

    /** The health verdict in its colour; blank for NONE, so only processes with a check show one. */
    static TableCellRenderer health() {
        return new DefaultTableCellRenderer() {
            @Override
            public Component getTableCellRendererComponent(
                    JTable t, Object value, boolean selected, boolean focus, int row, int column) {
                super.getTableCellRendererComponent(t, value, selected, focus, row, column);
                Color c = value instanceof Health h ? colour(h) : null;
                setText(c == null ? "" : value.toString());
                if (!selected) {
                    setForeground(c == null ? t.getForeground() : c);
                }
                return this;
            }
        };
    }

    /** Seconds up as {@code d days, h:mm:ss}; blank for a process that is not running. */
    static TableCellRenderer uptime() {
        return new DefaultTableCellRenderer() {
            @Override
            protected void setValue(Object value) {
                setText(value instanceof Long s ? ProcessTableModel.formatUptime(s) : "");
            }
        };
    }

    /** Blank rather than 0 for a process with no child. */
    static TableCellRenderer pid() {
        return new DefaultTableCellRenderer() {
            @Override
            protected void setValue(Object value) {
                setText(value instanceof Long p && p > 0 ? p.toString() : "");
            }
        };
    }

    /** CPU percent with one decimal, right-aligned like the numbers it is; blank when unknown. */
    static TableCellRenderer cpu() {
        DefaultTableCellRenderer r = new DefaultTableCellRenderer() {
            @Override
            protected void setValue(Object value) {
                setText(value instanceof Double d ? ProcessTableModel.formatCpu(d) : "");
            }
        };
        r.setHorizontalAlignment(javax.swing.SwingConstants.RIGHT);
        return r;
    }

    /** Bytes in binary units (12.3 MiB), right-aligned; blank when unknown. */
    static TableCellRenderer bytes() {
        DefaultTableCellRenderer r = new DefaultTableCellRenderer() {
            @Override
            protected void setValue(Object value) {
                setText(value instanceof Long b ? ProcessTableModel.formatBytes(b) : "");
            }
        };
        r.setHorizontalAlignment(javax.swing.SwingConstants.RIGHT);
        return r;
    }

    private static final class StateRenderer extends DefaultTableCellRenderer {
        @Override
        public Component getTableCellRendererComponent(
                JTable t, Object value, boolean selected, boolean focus, int row, int column) {
            super.getTableCellRendererComponent(t, value, selected, focus, row, column);
            Color c = value instanceof ProcessState s ? colour(s) : Color.GRAY;
            setIcon(new Dot(c));
            setFont(getFont().deriveFont(Font.BOLD));
            if (!selected) {
                setForeground(c);
            }
            return this;
        }
    }

    private record Dot(Color colour) implements Icon {
        @Override
        public void paintIcon(Component c, Graphics g, int x, int y) {
            g.setColor(colour);
            g.fillOval(x + 1, y + 1, 10, 10);
        }

        @Override
        public int getIconWidth() {
            return 12;
        }

        @Override
        public int getIconHeight() {
            return 12;
        }
    }
}
