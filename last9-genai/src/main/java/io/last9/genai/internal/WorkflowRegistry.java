package io.last9.genai.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The totals of the workflows open right now, by workflow id, so that a span ending anywhere (another thread, an
 * instrumentation's callback) feeds the workflow named by its {@code workflow.id} attribute. An entry lives exactly
 * as long as its workflow scope; the map is bounded by the number of workflows open at once.
 */
public final class WorkflowRegistry {

  private static final Logger logger = Logger.getLogger(WorkflowRegistry.class.getName());
  static final int MAX_OPEN_WORKFLOWS = 100_000;
  private static final Map<String, WorkflowTotals> open = new ConcurrentHashMap<>();

  private WorkflowRegistry() {}

  /** Registers an opening workflow; returns false (and reports once) when too many are open. */
  public static boolean register(String workflowId, WorkflowTotals totals) {
    if (open.size() >= MAX_OPEN_WORKFLOWS) {
      OnceLogger.warn(logger, "workflow-registry-full", Level.WARNING,
          MAX_OPEN_WORKFLOWS + " workflows are open at once; workflows opened now report no totals. "
              + "Are workflow scopes being closed?", null);
      return false;
    }
    WorkflowTotals previous = open.put(workflowId, totals);
    // a workflow opened with the id of one still open (a nested re-entry, a retry helper) shadows it only until
    // it closes; without this the outer workflow lost its entry and stopped counting (see WorkflowTotalsTest)
    totals.displaced = previous;
    return true;
  }

  /**
   * Removes a closing workflow (only if the entry is still its own), giving the id back to the still-open
   * workflow it shadowed, if any.
   */
  public static void unregister(String workflowId, WorkflowTotals totals) {
    totals.closed = true;
    open.computeIfPresent(workflowId, (id, current) -> {
      if (current != totals) {
        return current;
      }
      WorkflowTotals back = totals.displaced;
      while (back != null && back.closed) {
        back = back.displaced;
      }
      return back;
    });
    totals.displaced = null;
  }

  /** The totals of the open workflow with this id, or {@code null}. */
  public static WorkflowTotals find(String workflowId) {
    return open.get(workflowId);
  }

  /** True when no workflow is open: nothing to count tool calls into. */
  public static boolean isEmpty() {
    return open.isEmpty();
  }

  /** The number of open workflows. */
  public static int openCount() {
    return open.size();
  }
}
