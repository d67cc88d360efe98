package taskmaster.jconsole.driver;

import com.sun.tools.jconsole.JConsolePlugin;
import java.awt.Component;
import java.awt.Container;
import java.awt.Graphics2D;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.swing.AbstractButton;
import javax.swing.JFrame;
import javax.swing.JMenu;
import javax.swing.JMenuItem;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import javax.swing.JRadioButton;
import javax.swing.JRootPane;
import javax.swing.JTabbedPane;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import javax.swing.SwingWorker;

/**
 * A second JConsole plugin, for the JConsole test only (packed into a jar by the test and given
 * to {@code -pluginpath} next to the real one): it answers JConsole's "Secure connection failed.
 * Retry insecurely?" with "Insecure connection" (our RMI connector has no TLS), selects the
 * "Taskmaster" tab, logs in when the connection dialog asks for credentials, and once its table has rows paints JConsole's window into
 * {@code -Dtaskmaster.driver.screenshot=FILE.png}, then writes {@code FILE.png.shown} (the column
 * names, then each row as its cells are rendered) and {@code FILE.png.done}: one line per row, the
 * cells' values separated by tabs.
 */
public final class ScreenshotDriver extends JConsolePlugin {

    private static Thread timer;
    private static volatile boolean done;
    private static boolean loggedIn;

    public ScreenshotDriver() {
        start();
    }

    /**
     * Also a java agent ({@code -J-javaagent:driver.jar}): JConsole loads plugins only once a
     * connection is made, and the first attempt has no credentials, so the driver must run before.
     */
    public static void premain(String args) {
        start();
    }

    private static void start() {
        String file = System.getProperty("taskmaster.driver.screenshot");
        synchronized (ScreenshotDriver.class) {
            if (file != null && timer == null) {
                int[] settled = {0};
                // A thread, not a Swing Timer: one started from premain, before JConsole's GUI, never fires.
                timer = Thread.ofPlatform()
                        .daemon(true)
                        .name("screenshot-driver")
                        .start(() -> {
                            while (!done) {
                                SwingUtilities.invokeLater(() -> tick(Path.of(file), settled));
                                try {
                                    Thread.sleep(250);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        });
            }
        }
    }

    @Override
    public Map<String, JPanel> getTabs() {
        return Map.of();
    }

    @Override
    public SwingWorker<?, ?> newSwingWorker() {
        return null;
    }

    private static int ticks;

    private static void tick(Path file, int[] settled) {
        if (ticks++ % 40 == 39) {
            // For a run that never gets there: what JConsole shows, every 10 s.
            for (Window w : Window.getWindows()) {
                if (w.isShowing() && w.getWidth() > 0) {
                    try {
                        paint(w, file.resolveSibling(file.getFileName() + ".progress.png"));
                    } catch (IOException | RuntimeException ex) {
                        System.err.println("screenshot driver: " + ex);
                    }
                }
            }
        }
        for (Window w : Window.getWindows()) {
            if (!w.isShowing()) {
                continue;
            }
            find(
                            w,
                            AbstractButton.class,
                            b -> "Insecure connection".equals(b.getText())
                                    && b.isShowing()
                                    && SwingUtilities.getAncestorOfClass(JOptionPane.class, b) != null)
                    .ifPresent(AbstractButton::doClick);
            logIn(w);
            Optional<JTabbedPane> tabs = find(w, JTabbedPane.class, t -> t.indexOfTab("Taskmaster") >= 0);
            if (tabs.isEmpty()) {
                continue;
            }
            JTabbedPane t = tabs.get();
            int i = t.indexOfTab("Taskmaster");
            if (t.getSelectedIndex() != i) {
                t.setSelectedIndex(i);
            }
            Component panel = t.getComponentAt(i);
            Optional<JTable> table = find((Container) panel, JTable.class, x -> true);
            if (!panel.isShowing() || table.isEmpty() || table.get().getRowCount() == 0 || settled[0]++ < 6) {
                return;
            }
            if (done) {
                return;
            }
            done = true;
            try {
                write(w, table.get(), file);
            } catch (IOException | RuntimeException ex) {
                System.err.println("screenshot driver: " + ex);
            }
            return;
        }
    }

    /**
     * The connector always wants a login and JConsole's command line cannot give one: the first
     * attempt fails ("Connection Failed: Retry?"). Then cancel, open Connection > New Connection,
     * and connect to {@code -Dtaskmaster.driver.url} as {@code -Dtaskmaster.driver.user} with
     * {@code -Dtaskmaster.driver.password}, once.
     */
    private static void logIn(Window w) {
        String url = System.getProperty("taskmaster.driver.url");
        String user = System.getProperty("taskmaster.driver.user");
        String password = System.getProperty("taskmaster.driver.password");
        if (url == null || user == null || password == null || loggedIn) {
            return;
        }
        Optional<AbstractButton> cancel = find(
                w,
                AbstractButton.class,
                b -> "Cancel".equals(b.getText())
                        && b.isShowing()
                        && SwingUtilities.getAncestorOfClass(JOptionPane.class, b) instanceof JOptionPane o
                        && String.valueOf(o.getMessage()).contains("did not succeed"));
        if (cancel.isPresent()) {
            cancel.get().doClick();
            if (w instanceof JFrame f && f.getJMenuBar() != null) {
                JMenu connection = f.getJMenuBar().getMenu(0);
                for (int i = 0; i < connection.getItemCount(); i++) {
                    JMenuItem item = connection.getItem(i);
                    if (item != null && item.getText() != null && item.getText().startsWith("New Connection")) {
                        item.doClick();
                    }
                }
            }
            return;
        }
        find(w, JPasswordField.class, f -> f.isShowing() && f.getPassword().length == 0)
                .ifPresent(pw -> {
                    Container row = pw.getParent().getParent();
                    Optional<JTextField> name = find(row, JTextField.class, f -> !(f instanceof JPasswordField));
                    Optional<JTextField> remote = java.util.Arrays.stream(
                                    row.getParent().getComponents())
                            .filter(c -> c instanceof JTextField && !(c instanceof JPasswordField))
                            .map(JTextField.class::cast)
                            .findFirst();
                    Optional<JRadioButton> remoteChoice = find(
                            w,
                            JRadioButton.class,
                            r -> r.getText() != null && r.getText().startsWith("Remote Process"));
                    if (name.isPresent() && remote.isPresent()) {
                        loggedIn = true;
                        remoteChoice.ifPresent(r -> r.setSelected(true));
                        remote.get().setText(url);
                        name.get().setText(user);
                        pw.setText(password);
                        pw.postActionEvent();
                    }
                });
    }

    private static void write(Window w, JTable table, Path file) throws IOException {
        paint(w, file);
        StringBuilder rows = new StringBuilder();
        for (int r = 0; r < table.getRowCount(); r++) {
            for (int col = 0; col < table.getColumnCount(); col++) {
                rows.append(col == 0 ? "" : "\t").append(table.getValueAt(r, col));
            }
            rows.append('\n');
        }
        // What the user reads: the header, then each cell as its renderer shows it (12.3 MiB, not 12897484).
        StringBuilder shown = new StringBuilder();
        for (int col = 0; col < table.getColumnCount(); col++) {
            shown.append(col == 0 ? "" : "\t").append(table.getColumnName(col));
        }
        shown.append('\n');
        for (int r = 0; r < table.getRowCount(); r++) {
            for (int col = 0; col < table.getColumnCount(); col++) {
                Component c = table.prepareRenderer(table.getCellRenderer(r, col), r, col);
                shown.append(col == 0 ? "" : "\t")
                        .append(
                                c instanceof javax.swing.JLabel l
                                        ? l.getText()
                                        : String.valueOf(table.getValueAt(r, col)));
            }
            shown.append('\n');
        }
        Files.writeString(file.resolveSibling(file.getFileName() + ".shown"), shown);
        Files.writeString(file.resolveSibling(file.getFileName() + ".done"), rows);
    }

    private static void paint(Window w, Path file) throws IOException {
        JRootPane root = SwingUtilities.getRootPane(w);
        Component c = root != null ? root : w;
        BufferedImage img = new BufferedImage(c.getWidth(), c.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            c.paint(g);
        } finally {
            g.dispose();
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ImageIO.write(img, "png", tmp.toFile());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static <T> Optional<T> find(Container root, Class<T> type, java.util.function.Predicate<T> p) {
        for (Component c : root.getComponents()) {
            if (type.isInstance(c) && p.test(type.cast(c))) {
                return Optional.of(type.cast(c));
            }
            if (c instanceof Container k) {
                Optional<T> found = find(k, type, p);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
