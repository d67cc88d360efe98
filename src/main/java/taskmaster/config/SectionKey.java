package taskmaster.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The keys of {@code [group:x]} and {@code [include]}, declared once, as {@link ProgramKey} declares a program's. */
enum SectionKey {
    PROGRAMS(
            SectionKind.GROUP,
            Key.named("programs")
                    .parsedByBuilder("program list", "a comma-separated list of programs")
                    .dflt(Default.required())
                    .describe("the programs of the group; a program no group lists is its own group"),
            Effect.IN_PLACE),
    PRIORITY(
            SectionKind.GROUP,
            Key.named("priority")
                    .type("integer", Values.ANY_INTEGER)
                    .dflt(Default.of("999"))
                    .describe("checked, orders nothing: each process keeps its program's priority, as in supervisord"),
            Effect.NONE),
    FILES(
            SectionKind.INCLUDE,
            Key.named("files")
                    .parsedByBuilder("globs", "space-separated globs, relative to the including file")
                    .dflt(Default.required())
                    .describe("more files to read (included files may include too; a file already read is not read"
                            + " again)"),
            Effect.DAEMON_RELOAD);

    private final SectionKind section;
    private final Key key;
    private final Effect effect;

    SectionKey(SectionKind section, Key key, Effect effect) {
        this.section = section;
        this.key = key;
        this.effect = effect;
    }

    SectionKind section() {
        return section;
    }

    Key key() {
        return key;
    }

    Effect effect() {
        return effect;
    }

    /** The key as written in the file. */
    String keyName() {
        return key.specName();
    }

    /** {@code [group:x]} or {@code [include]}, as the tables show it. */
    String sectionName() {
        return section == SectionKind.GROUP ? "[group:x]" : "[include]";
    }

    /** The names of the keys of {@code kind}, for the unknown-key suggestions. */
    static List<String> names(SectionKind kind) {
        return Arrays.stream(values())
                .filter(k -> k.section == kind)
                .map(SectionKey::keyName)
                .toList();
    }

    static Optional<SectionKey> byName(String name) {
        return Arrays.stream(values()).filter(k -> k.keyName().equals(name)).findFirst();
    }
}
