/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

/**
 * The workflow part of a scope state.
 *
 * <p>Merge rule, for a workflow scope opened inside {@code outer}: the inner workflow's id and
 * totals win; its type is inherited only when it re-enters the same id without giving a type. The
 * inner totals forward every update to the outer ones, so an outer workflow's totals include its
 * inner workflows.
 *
 * <p>Internal, not for public use; it may change at any time.
 *
 * @param id the workflow id
 * @param type the workflow type, or null
 * @param totals the running totals of this workflow execution
 */
public record WorkflowFields(String id, String type, WorkflowTotals totals) {

  /** The fields of a workflow scope opened inside {@code outer}. */
  static WorkflowFields enter(WorkflowFields outer, String id, String type, WorkflowTotals totals) {
    String t = type == null && outer != null && outer.id.equals(id) ? outer.type : type;
    return new WorkflowFields(id, t, totals);
  }
}
