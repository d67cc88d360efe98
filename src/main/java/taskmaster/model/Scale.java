package taskmaster.model;

/**
 * An operator's live numprocs for one program ({@code scale PROGRAM N}), kept until the files'
 * own numprocs for it changes.
 *
 * @param numprocs     the processes the operator asked for
 * @param fileNumprocs the files' numprocs when he asked: while the files still say it, the
 *                     override holds (across reloads and restarts); once they say another, theirs wins
 */
public record Scale(int numprocs, int fileNumprocs) {}
