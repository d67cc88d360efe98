package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import taskmaster.model.Configuration;
import taskmaster.model.DaemonSettings;
import taskmaster.model.RpcServerSettings;

/** A change of the server sections is, like Jolokia's keys, one that applies at the next start (a reload warns). */
class RpcSettingsReloadTest {

    private static Configuration with(RpcServerSettings rpc) {
        DaemonSettings d = new DaemonSettings(
                null, 0, 0, "INFO", null, Path.of("/tmp"), Map.of(), null, null, true, Map.of(), false, null, rpc);
        return new Configuration(Path.of("/etc/t.conf"), List.of(Path.of("/etc/t.conf")), d, List.of(), List.of());
    }

    @Test
    void aChangedServerSectionIsAManagementChange() {
        RpcServerSettings unix =
                new RpcServerSettings(new RpcServerSettings.Unix(Path.of("/run/a.sock"), 0700, null, null, null), null);
        RpcServerSettings moved =
                new RpcServerSettings(new RpcServerSettings.Unix(Path.of("/run/b.sock"), 0700, null, null, null), null);
        assertThat(Management.settingsDiffer(with(unix), with(unix))).isFalse();
        assertThat(Management.settingsDiffer(with(unix), with(moved))).isTrue();
        assertThat(Management.settingsDiffer(with(RpcServerSettings.NONE), with(unix)))
                .isTrue();
        assertThat(Management.settingsDiffer(with(null), with(RpcServerSettings.NONE)))
                .isFalse();
    }
}
