package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.config.ConfigLoader;
import taskmaster.model.Configuration;

/** A wait is bounded by the longest depends_on chain: dependencies start, and dependents stop, one after the other. */
class OpsBoundTest {
    @TempDir
    Path dir;

    private int levels(String programs) throws Exception {
        Path conf = Files.writeString(dir.resolve("t.conf"), programs);
        Configuration c = new ConfigLoader().load(conf);
        return Ops.levels(c.processes());
    }

    @Test
    void withoutDependenciesOneLevel() throws Exception {
        assertThat(levels("[a]\ncmd = sleep 1\n[b]\ncmd = sleep 1\n")).isEqualTo(1);
    }

    @Test
    void aChainThroughAGroupCountsEveryLink() throws Exception {
        assertThat(levels("""
            [program:web]
            command = sleep 1
            depends_on = backend
            [program:db]
            command = sleep 1
            depends_on = disk
            numprocs = 2
            process_name = db_%(process_num)s
            [program:disk]
            command = sleep 1
            [program:cache]
            command = sleep 1
            [group:backend]
            programs = db, cache
            """)).isEqualTo(3);
    }
}
