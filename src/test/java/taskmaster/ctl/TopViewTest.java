package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import taskmaster.ctl.TopSnapshot.Row;

/** top's keys and redraws on a JLine terminal over pipes (an xterm as far as JLine knows). */
class TopViewTest {

    static final long NOW = 1_800_000_000_000L;

    /** busy: most CPU, least memory; fat: most memory; idle: neither; off: stopped. */
    static TopSnapshot snapshot() {
        return new TopSnapshot(
                NOW,
                List.of(
                        new Row("idle", "RUNNING", 11, 0.0, 2 << 20, 1, 4, 0, NOW - 65_000, NOW),
                        new Row("busy", "RUNNING", 12, 99.5, 1 << 20, 1, 4, 2, NOW - 3_600_000, NOW),
                        new Row("fat", "RUNNING", 13, 1.0, 300L << 20, 9, 7, 0, NOW - 1000, NOW),
                        new Row("off", "STOPPED", 0, 0, 0, 0, 0, 5, 0, 0)),
                100.5,
                303L << 20,
                11,
                15,
                0.7,
                70L << 20,
                25,
                40,
                5);
    }

    /** The names in the last frame drawn, top to bottom. */
    static List<String> lastFrameNames(ByteArrayOutputStream screen) {
        String all = screen.toString(StandardCharsets.UTF_8);
        if (!all.contains("\033[H")) {
            return List.of();
        }
        String frame = all.substring(all.lastIndexOf("\033[H") + 3).replaceAll("\033\\[[0-9;?]*[A-Za-z]", "");
        return frame.lines()
                .skip(3)
                .map(l -> l.split(" +")[0])
                .filter(n -> List.of("idle", "busy", "fat", "off").contains(n))
                .toList();
    }

    @Test
    void aSortKeyRedrawsAtOnceInItsOrderAndQLeavesAndRestoresTheTerminal() throws Exception {
        PipedInputStream in = new PipedInputStream();
        OutputStream keys = new PipedOutputStream(in);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        AtomicInteger fetches = new AtomicInteger();
        try (Terminal t = TerminalBuilder.builder()
                .system(false)
                .streams(in, screen)
                .type("xterm")
                .size(new Size(100, 30))
                .build()) {
            t.setSize(new Size(100, 30));
            assertThat(t.getWidth()).isEqualTo(100);
            var before = t.getAttributes();
            // an hour between refreshes: every redraw the test sees comes from a key
            TopView view = new TopView(
                    t,
                    () -> {
                        fetches.incrementAndGet();
                        return snapshot();
                    },
                    Duration.ofHours(1),
                    TopTable.Sort.CPU);
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                try {
                    view.run();
                } catch (CtlException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> lastFrameNames(screen).size() == 4);
            assertThat(lastFrameNames(screen)).containsExactly("busy", "fat", "idle", "off");
            assertThat(screen.toString(StandardCharsets.UTF_8)).contains("\033[?1049h"); // the alternate screen

            keys.write('m');
            keys.flush();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> lastFrameNames(screen).equals(List.of("fat", "idle", "busy", "off")));
            keys.write('n');
            keys.flush();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> lastFrameNames(screen).equals(List.of("busy", "fat", "idle", "off")));
            keys.write('r');
            keys.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> view.sort() == TopTable.Sort.RESTARTS);
            assertThat(run).isNotDone();
            assertThat(fetches.get()).isEqualTo(1); // a sort key re-sorts what was read; it reads nothing

            keys.write('q');
            keys.flush();
            run.get(30, java.util.concurrent.TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> screen.toString(StandardCharsets.UTF_8).contains("\033[?1049l"));
            String out = screen.toString(StandardCharsets.UTF_8);
            // back from the alternate screen, after the last frame
            assertThat(out.lastIndexOf("\033[?1049l")).isGreaterThan(out.lastIndexOf("\033[H"));
            assertThat(out.substring(out.lastIndexOf("\033[H"))).contains("25h"); // the cursor shown again
            assertThat(t.getAttributes().getLocalFlags()).isEqualTo(before.getLocalFlags());
        }
    }

    @Test
    void aRefreshReadsAgainAfterTheInterval() throws Exception {
        PipedInputStream in = new PipedInputStream();
        OutputStream keys = new PipedOutputStream(in);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        AtomicInteger fetches = new AtomicInteger();
        try (Terminal t = TerminalBuilder.builder()
                .system(false)
                .streams(in, screen)
                .type("xterm")
                .size(new Size(100, 30))
                .build()) {
            TopView view = new TopView(
                    t,
                    () -> {
                        fetches.incrementAndGet();
                        return snapshot();
                    },
                    Duration.ofSeconds(1),
                    TopTable.Sort.MEMORY);
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                try {
                    view.run();
                } catch (CtlException e) {
                    throw new IllegalStateException(e);
                }
            });
            // Three frames on the screen, not three fetches: the third fetch's frame may still be
            // in the drawing when a 'q' arrives, and then it is never drawn.
            await().atMost(Duration.ofSeconds(30)).until(() -> fetches.get() >= 3 && frames(screen) >= 3);
            assertThat(lastFrameNames(screen)).containsExactly("fat", "idle", "busy", "off"); // --sort memory
            keys.write('q');
            keys.flush();
            run.get(30, java.util.concurrent.TimeUnit.SECONDS);
            String out = screen.toString(StandardCharsets.UTF_8);
            // redrawn in place: each frame starts at the cursor's home; nothing is scrolled
            assertThat(out.split("\033\\[H", -1).length - 1).isGreaterThanOrEqualTo(3);
        }
    }

    /** The frames drawn so far: each starts at the cursor's home. */
    private static int frames(ByteArrayOutputStream screen) {
        return screen.toString(StandardCharsets.UTF_8).split("\033\\[H", -1).length - 1;
    }
}
