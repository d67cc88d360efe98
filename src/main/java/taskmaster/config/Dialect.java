package taskmaster.config;

/**
 * Which defaults a program section gets: the spec's {@code [name]} or supervisord's
 * {@code [program:x]}. The defaults themselves are declared with each key ({@link ProgramKey}).
 */
enum Dialect {
    SPEC,
    SUPERVISORD
}
