package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PolicyFileTest {

    /** conf/jolokia-access.xml documents the bundled default policy: they must be the same bytes. */
    @Test
    void theShippedPolicyIsTheBundledOne() throws Exception {
        Path conf =
                Path.of(System.getProperty("user.dir")).resolveSibling("conf").resolve("jolokia-access.xml");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(JolokiaService.BUNDLED_POLICY)) {
            assertThat(in).isNotNull();
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(conf));
        }
    }
}
