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
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JRootPane;
import javax.swing.JTabbedPane;
import javax.swing.JTable;
import javax.swing.SwingUtilities;
import javax.swing.SwingWorker;
import javax.swing.Timer;

/**
 * A second JConsole plugin, for the JConsole test only (packed into a jar by the test and given
 * to {@code -pluginpath} next to the real one): it answers JConsole's "Secure connection failed.
 * Retry insecurely?" with "Insecure connection" (our RMI connector has no TLS), selects the
 * "Taskmaster" tab, and once its table has rows paints JConsole's window into
 * {@code -Dtaskmaster.driver.screenshot=FILE.png}, then writes {@code FILE.png.done}: one line per
 * row, the cells separated by tabs.
 */
public final class ScreenshotDriver extends JConsolePlugin {

    private static Timer timer;

    public ScreenshotDriver() {
        String file = System.getProperty("taskmaster.driver.screenshot");
        synchronized (ScreenshotDriver.class) {
            if (file != null && timer == null) {
                int[] settled = {0};
                timer = new Timer(250, e -> tick(Path.of(file), settled));
                timer.start();
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

    private static void tick(Path file, int[] settled) {
        for (Window w : Window.getWindows()) {
            if (!w.isShowing()) {
                continue;
            }
            find(w, AbstractButton.class, b -> "Insecure connection".equals(b.getText()) && b.isShowing()
                    && SwingUtilities.getAncestorOfClass(JOptionPane.class, b) != null)
                    .ifPresent(AbstractButton::doClick);
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
            timer.stop();
            try {
                write(w, table.get(), file);
            } catch (IOException | RuntimeException ex) {
                System.err.println("screenshot driver: " + ex);
            }
            return;
        }
    }

    private static void write(Window w, JTable table, Path file) throws IOException {
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
        StringBuilder rows = new StringBuilder();
        for (int r = 0; r < table.getRowCount(); r++) {
            for (int col = 0; col < table.getColumnCount(); col++) {
                rows.append(col == 0 ? "" : "\t").append(table.getValueAt(r, col));
            }
            rows.append('\n');
        }
        Files.writeString(file.resolveSibling(file.getFileName() + ".done"), rows);
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
