package taskmaster.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * The files an {@code [include]} pattern names, like Python's glob.glob used by supervisord:
 * {@code *}, {@code ?} and {@code [...]} within one path component, matches sorted; braces and
 * backslashes are plain characters, as there. At most {@link Limits#MAX_GLOB_VISITS} paths are visited.
 */
final class IncludeGlob {
    private IncludeGlob() {}

    /** @param pattern an absolute pattern */
    static List<Path> matches(Path pattern) throws InvalidValueException {
        Path base = pattern.getRoot();
        int fixed = 0;
        while (fixed < pattern.getNameCount() && !isGlob(pattern.getName(fixed).toString())) {
            base = base.resolve(pattern.getName(fixed));
            fixed++;
        }
        if (fixed == pattern.getNameCount()) {
            return Files.isRegularFile(pattern) ? List.of(pattern) : List.of();
        }
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault()
                    .getPathMatcher("glob:"
                            + pattern.toString()
                                    .replace("\\", "\\\\")
                                    .replace("{", "\\{")
                                    .replace("}", "\\}"));
        } catch (PatternSyntaxException e) {
            throw new InvalidValueException(Values.quote(pattern.toString()) + " is not a valid glob: "
                    + e.getDescription() + " (allowed: *, ? and [...] within a path component, like conf.d/*.conf)");
        }
        int depth = pattern.getNameCount() - fixed;
        List<Path> found = new ArrayList<>();
        int[] visits = {0};
        try {
            Files.walkFileTree(base, EnumSet.noneOf(FileVisitOption.class), depth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return ++visits[0] > Limits.MAX_GLOB_VISITS ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (++visits[0] > Limits.MAX_GLOB_VISITS) {
                        return FileVisitResult.TERMINATE;
                    }
                    if (file.getNameCount() == pattern.getNameCount()
                            && matcher.matches(file)
                            && Files.isRegularFile(file)) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                // An unreadable or vanished entry matches nothing, as with glob.glob.
                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return List.of();
        }
        if (visits[0] > Limits.MAX_GLOB_VISITS) {
            throw new InvalidValueException(Values.quote(pattern.toString()) + " reaches more than "
                    + Limits.MAX_GLOB_VISITS + " paths (allowed: a glob over a few directories, like conf.d/*.conf)");
        }
        return found.stream().sorted().toList();
    }

    private static boolean isGlob(String component) {
        return component.indexOf('*') >= 0 || component.indexOf('?') >= 0 || component.indexOf('[') >= 0;
    }
}
