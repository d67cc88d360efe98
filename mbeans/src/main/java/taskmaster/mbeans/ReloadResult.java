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
 */
public record ReloadResult(
        List<String> added, List<String> changed, List<String> removed, List<String> restarted, List<String> errors) {}
