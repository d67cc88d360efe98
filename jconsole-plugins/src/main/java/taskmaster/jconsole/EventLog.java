package taskmaster.jconsole;

import java.util.ArrayDeque;
import java.util.Deque;
import javax.swing.JTextArea;

/**
 * The "Event log" tab. A daemon whose Supervisor has {@code readLog} gets its own event log's tail
 * shown, as fetched with each snapshot. A daemon without it still gets something useful: the
 * state changes this tab has seen through notifications since it connected. Swing thread only,
 * except {@link #setLogAvailable} and {@link #logAvailable}, which the connection uses from its
 * background thread.
 */
final class EventLog {

    /** State changes kept when the daemon has no log to read (the oldest go first). */
    private static final int LINES = 500;

    private final JTextArea view = new JTextArea();
    private final Deque<String> seen = new ArrayDeque<>();
    private volatile boolean logAvailable;

    JTextArea view() {
        return view;
    }

    void setLogAvailable(boolean available) {
        logAvailable = available;
    }

    boolean logAvailable() {
        return logAvailable;
    }

    /** Keeps one state change seen through a notification; shown only when there is no log to read. */
    void add(String line) {
        seen.addLast(line);
        while (seen.size() > LINES) {
            seen.removeFirst();
        }
        if (!logAvailable) {
            showSeen();
        }
    }

    /** Shows the changes seen so far, unless the daemon's own log is what this tab shows. */
    void showSeen() {
        if (logAvailable) {
            return;
        }
        view.setText("The event log is not available from this daemon (its Supervisor has no readLog operation).\n"
                + "State changes seen by this tab since it connected:\n" + String.join("\n", seen));
        scrollToEnd();
    }

    /** Shows the daemon's own log tail. */
    void showLog(String tail) {
        view.setText(tail);
        scrollToEnd();
    }

    String text() {
        return view.getText();
    }

    private void scrollToEnd() {
        view.setCaretPosition(view.getDocument().getLength());
    }
}
