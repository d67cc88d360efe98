package taskmaster.jconsole;

import java.awt.Component;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.swing.JRootPane;
import javax.swing.JTabbedPane;
import javax.swing.SwingUtilities;
import javax.swing.Timer;

/**
 * For screenshots of the tab (the build's JConsole test, documentation): with
 * {@code -J-Dtaskmaster.plugin.screenshot=FILE.png}, once the tab has rows the plugin selects it,
 * paints JConsole's window into the PNG, then writes {@code FILE.png.done} with the row count.
 * Off unless the property is set.
 */
final class Snapshot {

    static final String PROPERTY = "taskmaster.plugin.screenshot";

    private Snapshot() {
    }

    static void armIfAsked(TaskmasterPanel panel) {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        int[] settled = {0};
        Timer timer = new Timer(250, null);
        timer.addActionListener(e -> {
            JTabbedPane tabs = (JTabbedPane) SwingUtilities.getAncestorOfClass(JTabbedPane.class, panel);
            if (tabs != null && tabs.getSelectedComponent() != panel) {
                tabs.setSelectedComponent(panel);
            }
            if (!panel.isShowing() || panel.model().getRowCount() == 0) {
                return;
            }
            if (settled[0]++ < 4) {
                // let the table lay out and paint its rows
                return;
            }
            timer.stop();
            try {
                write(panel, Path.of(file));
            } catch (IOException | RuntimeException ex) {
                System.err.println("taskmaster plugin: screenshot failed: " + ex);
            }
        });
        timer.start();
    }

    private static void write(TaskmasterPanel panel, Path file) throws IOException {
        Component root = SwingUtilities.getAncestorOfClass(JRootPane.class, panel);
        while (root != null && SwingUtilities.getAncestorOfClass(JRootPane.class, root) != null) {
            root = SwingUtilities.getAncestorOfClass(JRootPane.class, root); // the frame's, not an internal frame's
        }
        Component c = root != null ? root : panel;
        BufferedImage img = new BufferedImage(c.getWidth(), c.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            c.paint(g);
        } finally {
            g.dispose();
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ImageIO.write(img, "png", tmp.toFile());
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(file.resolveSibling(file.getFileName() + ".done"),
                "rows=" + panel.model().getRowCount() + "\nstatus=" + panel.statusText() + "\n");
    }
}
