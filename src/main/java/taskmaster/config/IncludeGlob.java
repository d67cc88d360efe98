package taskmaster.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files an {@code [include]} pattern names, like Python's glob.glob used by supervisord:
 * {@code *}, {@code ?} and {@code [...]} within one path component, matches sorted.
 */
final class IncludeGlob {
    private IncludeGlob() {
    }

    /** @param pattern an absolute pattern */
    static List<Path> matches(Path pattern) {
        Path base = pattern.getRoot();
        int fixed = 0;
        while (fixed < pattern.getNameCount() && !isGlob(pattern.getName(fixed).toString())) {
            base = base.resolve(pattern.getName(fixed));
            fixed++;
        }
        if (fixed == pattern.getNameCount()) {
            return Files.isRegularFile(pattern) ? List.of(pattern) : List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        int depth = pattern.getNameCount() - fixed;
        try (Stream<Path> walk = Files.walk(base, depth)) {
            return walk.filter(p -> p.getNameCount() == pattern.getNameCount())
                    .filter(matcher::matches)
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            // A missing or unreadable directory matches nothing, as with glob.glob.
            return List.of();
        }
    }

    private static boolean isGlob(String component) {
        return component.indexOf('*') >= 0 || component.indexOf('?') >= 0 || component.indexOf('[') >= 0;
    }
}
