package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTest {

    @TempDir
    Path dir;

    @Test
    void createdOnceOwnerOnlyAndKept() throws IOException {
        Path f = dir.resolve("tm.secret");
        Secret first = Secret.loadOrCreate(f);
        assertThat(first.user()).isEqualTo(Secret.USER);
        assertThat(first.password()).hasSize(43);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(f)).isEqualTo("taskmaster:" + first.password() + "\n");
        assertThat(Secret.loadOrCreate(f)).isEqualTo(first);
        assertThat(first.toString()).doesNotContain(first.password());
    }

    @Test
    void aLinkIsNeverFollowedNorTrusted() throws IOException {
        Path target = Files.writeString(dir.resolve("victim"), "keep me\n");
        Path f = Files.createSymbolicLink(dir.resolve("tm.secret"), target);
        assertThatThrownBy(() -> Secret.loadOrCreate(f)).hasMessageContaining("not a regular file");
        assertThat(Files.readString(target)).isEqualTo("keep me\n");
    }

    @Test
    void aFileOthersMayReadIsNotTrusted() throws IOException {
        Path f = Files.writeString(dir.resolve("tm.secret"), "taskmaster:abc\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> Secret.read(f)).hasMessageContaining("lets others read");
    }

    @Test
    void malformedIsAnError() throws IOException {
        Path f = Files.writeString(dir.resolve("tm.secret"), "nocolon\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> Secret.read(f)).hasMessageContaining("user:password");
    }
}
