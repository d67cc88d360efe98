package taskmaster.mbeans;

import java.util.List;

/**
 * What a configuration change does (reload) or would do (reread), by program name.
 *
 * @param added     programs that are new
 * @param changed   programs whose settings changed
 * @param removed   programs that are gone
 * @param restarted processes that are (or would be) stopped and started again
 * @param errors    the configuration errors ({@code FILE:LINE: [section] key: ...}); when not empty,
 *                  nothing was (or would be) applied and the other lists are empty
 * @param notes     what else concerns the change, one line each: an operator's scale override kept
 *                  (with the files' numprocs) or ended by it
 */
public record ReloadResult(
        List<String> added,
        List<String> changed,
        List<String> removed,
        List<String> restarted,
        List<String> errors,
        List<String> notes) {

    /** A result with nothing to note. */
    public ReloadResult(
            List<String> added,
            List<String> changed,
            List<String> removed,
            List<String> restarted,
            List<String> errors) {
        this(added, changed, removed, restarted, errors, List.of());
    }
}
