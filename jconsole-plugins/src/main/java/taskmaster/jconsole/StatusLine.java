package taskmaster.jconsole;

import java.awt.Color;
import javax.swing.JLabel;

/**
 * The line under the table: what the last connection step, refresh or operation did. Swing thread
 * only. A refresh does not overwrite an error (see {@link #isError}), so the fault of a failed
 * operation stays readable while the notifications it causes keep refreshing the table.
 */
final class StatusLine {

    private static final Color ERROR = Color.RED.darker();

    private final JLabel label = new JLabel("Connecting...");

    JLabel view() {
        return label;
    }

    void info(String text) {
        show(text, false);
    }

    void error(String text) {
        show(text, true);
    }

    boolean isError() {
        return label.getForeground().equals(ERROR);
    }

    String text() {
        return label.getText();
    }

    private void show(String text, boolean error) {
        label.setText(text);
        // A long list of faults is cut off at the panel's width; the tooltip shows it whole.
        label.setToolTipText(text);
        label.setForeground(error ? ERROR : Color.DARK_GRAY);
    }

    /** The innermost message of a failed remote call: the daemon's {@code FAULT: name: explanation}. */
    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
