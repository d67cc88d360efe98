package taskmaster.jconsole;

import com.sun.tools.jconsole.JConsoleContext;
import com.sun.tools.jconsole.JConsoleContext.ConnectionState;
import com.sun.tools.jconsole.JConsolePlugin;
import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.swing.JPanel;
import javax.swing.SwingWorker;

/**
 * JConsole's "Taskmaster" tab ({@code jconsole -pluginpath taskmaster-jconsole-plugin.jar ...}).
 * JConsole makes one instance per connection window; the tab follows the window's connection
 * state, so it comes back after a reconnect.
 */
public final class TaskmasterPlugin extends JConsolePlugin implements PropertyChangeListener {

    private TaskmasterPanel panel;

    public TaskmasterPlugin() {
        addContextPropertyChangeListener(this);
    }

    @Override
    public synchronized Map<String, JPanel> getTabs() {
        if (panel == null) {
            panel = new TaskmasterPanel();
            if (getContext().getConnectionState() == ConnectionState.CONNECTED) {
                panel.connect(getContext().getMBeanServerConnection());
            }
        }
        Map<String, JPanel> tabs = new LinkedHashMap<>();
        tabs.put("Taskmaster", panel);
        return tabs;
    }

    /** JConsole's update tick: the slow fallback refresh (notifications keep the table live). */
    @Override
    public synchronized SwingWorker<?, ?> newSwingWorker() {
        return panel == null ? null : panel.slowRefreshWorker();
    }

    @Override
    public synchronized void propertyChange(PropertyChangeEvent e) {
        if (panel == null || !JConsoleContext.CONNECTION_STATE_PROPERTY.equals(e.getPropertyName())) {
            return;
        }
        if (e.getNewValue() == ConnectionState.CONNECTED) {
            panel.connect(getContext().getMBeanServerConnection());
        } else if (e.getNewValue() == ConnectionState.DISCONNECTED) {
            panel.disconnected();
        }
    }

    @Override
    public synchronized void dispose() {
        if (panel != null) {
            panel.dispose();
        }
    }
}
