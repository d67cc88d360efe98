package taskmaster.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.engine.EngineEvent;
import taskmaster.mbeans.WantedSource;
import taskmaster.model.Scale;

/** The intent file: its format, that anything else is ignored, its atomic writes and the writer that keeps it. */
class IntentFileTest {

    @TempDir
    Path dir;

    private static IntentFile.Intent sample() {
        return new IntentFile.Intent(
                Map.of("api", false, "batch", true, "odd name \\ with\nnewline", false),
                Map.of("web", new Scale(5, 2)));
    }

    @Test
    void formatIsLineBasedAndParsesBackToTheSameIntent() throws Exception {
        String text = IntentFile.format(sample());
        assertThat(text).isEqualTo("""
            taskmaster-intent 1
            want down api
            want up batch
            want down odd name \\\\ with\\nnewline
            scale 5 2 web
            """);
        assertThat(IntentFile.parse(text)).isEqualTo(sample());
        assertThat(IntentFile.parse(IntentFile.format(IntentFile.Intent.NONE))).isEqualTo(IntentFile.Intent.NONE);
    }

    @Test
    void anythingButExactlyAnIntentFileIsCorrupt() {
        String head = "taskmaster-intent 1\n";
        assertCorrupt("", "empty");
        assertCorrupt("taskmaster-state 1\n", "line 1");
        assertCorrupt(head + "want up api", "truncated");
        assertCorrupt(head + "want maybe api\n", "line 2");
        assertCorrupt(head + "want up \n", "line 2");
        assertCorrupt(head + "want up api\nwant down api\n", "a second intent");
        assertCorrupt(head + "scale 0 2 web\n", "out of range");
        assertCorrupt(head + "scale 5 x web\n", "not a number");
        assertCorrupt(head + "scale 5 2\n", "expected 'scale");
        assertCorrupt(head + "start api\n", "unknown record");
        assertCorrupt(head + "want up bad\\escape\n", "bad escape");
    }

    private static void assertCorrupt(String text, String why) {
        assertThatThrownBy(() -> IntentFile.parse(text))
                .isInstanceOf(StateFile.CorruptException.class)
                .hasMessageContaining(why);
    }

    @Test
    void writtenPrivateWhateverTheUmaskAndRenamedOverTheOldOneLeavingNoTemporaryFile() throws Exception {
        Path file = dir.resolve("d.intent");
        IntentFile.write(file, IntentFile.Intent.NONE);
        IntentFile.write(file, sample());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(IntentFile.read(file)).contains(sample());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aLinkPlantedAtItsNameIsReplacedNotFollowed() throws Exception {
        Path target = Files.writeString(dir.resolve("victim"), "precious\n");
        Path file = dir.resolve("d.intent");
        Files.createSymbolicLink(file, target);
        IntentFile.write(file, sample());
        assertThat(Files.readString(target)).isEqualTo("precious\n");
        assertThat(Files.isSymbolicLink(file)).isFalse();
    }

    @Test
    void aCorruptOrForeignFileIsIgnoredAndNothingIsRestored() throws Exception {
        Path file = dir.resolve("d.intent");
        assertThat(IntentWriter.restore(file)).isEqualTo(IntentFile.Intent.NONE); // none yet
        Files.writeString(file, "taskmaster-intent 1\nwant up api\ngarbage\n");
        assertThat(IntentWriter.restore(file)).isEqualTo(IntentFile.Intent.NONE);
        IntentFile.write(file, sample());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(IntentWriter.restore(file)).isEqualTo(IntentFile.Intent.NONE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(IntentWriter.restore(file)).isEqualTo(sample());
        Files.delete(file);
        Files.createSymbolicLink(file, dir.resolve("elsewhere"));
        IntentFile.write(dir.resolve("elsewhere"), sample());
        assertThat(IntentWriter.restore(file)).isEqualTo(IntentFile.Intent.NONE);
    }

    @Test
    void theWriterKeepsTheEnginesIntentsAndTheScalesAndWritesOnlyWhenTheyChange() throws Exception {
        Path file = dir.resolve("d.intent");
        IntentWriter w = new IntentWriter(file, new IntentFile.Intent(Map.of("old", true), Map.of()), false);
        try {
            // Nothing changed: nothing written.
            w.onEvent(new EngineEvent.Spawned("api", 42));
            assertThat(file).doesNotExist();

            w.onEvent(new EngineEvent.IntentChanged("api", WantedSource.OPERATOR, false));
            w.onEvent(new EngineEvent.IntentChanged("old", WantedSource.CONFIG, true));
            w.scale("web", new Scale(5, 2));
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(IntentFile.read(file))
                            .contains(new IntentFile.Intent(Map.of("api", false), Map.of("web", new Scale(5, 2)))));

            w.scale("web", null);
            w.onEvent(new EngineEvent.IntentChanged("batch", WantedSource.OPERATOR, true));
        } finally {
            w.close();
        }
        // close writes what is pending, and the file stays for the next start.
        assertThat(IntentFile.read(file))
                .contains(new IntentFile.Intent(Map.of("api", false, "batch", true), Map.of()));
    }

    @Test
    void whatARestartedDaemonKeepsIsWhatItsConfigurationStillHas() throws Exception {
        Path conf = Files.writeString(dir.resolve("t.conf"), """
            [api]
            cmd = sleep 1
            [web]
            cmd = sleep 1
            numprocs = 3
            [db]
            cmd = sleep 1
            numprocs = 4
            """);
        var config = Configs.load(conf, Map.of("web", new Scale(5, 3)));
        IntentFile.Intent kept = new IntentFile.Intent(
                Map.of("api", false, "gone", true),
                Map.of("web", new Scale(5, 3), "db", new Scale(2, 1), "x", new Scale(2, 1)));
        IntentFile.Intent restored = Restoring.keep(kept, config);
        assertThat(restored.wants()).isEqualTo(Map.of("api", false));
        // db's files say 4 now, not the 1 they said when it was scaled: theirs wins; x is gone.
        assertThat(restored.scales()).isEqualTo(Map.of("web", new Scale(5, 3)));
        // An override the configuration does not run (the files with it did not load) is not kept.
        assertThat(Restoring.keep(kept, Configs.load(conf, false)).scales()).isEmpty();
    }
}
