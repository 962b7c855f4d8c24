/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal.bridge;

/**
 * What a mirrored context carries from the application's copy of last9-genai to the agent's copy,
 * as JDK types only (the two copies live in different class loaders and share no class of their
 * own).
 *
 * <p>A {@link MirrorContext} answers {@link java.util.function.IntFunction#apply(int)}: {@link
 * #MARKER_SLOT} gives {@link #MARKER}, {@link #STATE_SLOT} the scope-state payload and {@link
 * #FRAME_SLOT} the observed-call payload (each an {@code Object[]} laid out as below, or {@code
 * null}). Both sides are compiled from this one jar, so the layout is always the same on both; the
 * marker's version guards against a mirror made by another build, and {@link #VERSION_SLOT} lets
 * the agent's side warn when the application runs another version of the library.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class MirrorLayout {

  /** The slot whose value identifies a mirrored context. */
  public static final int MARKER_SLOT = -1;

  /** The value at {@link #MARKER_SLOT}. */
  public static final String MARKER = "last9-genai-mirror/1";

  /** The slot whose value is the version of the application's copy of last9-genai. */
  public static final int VERSION_SLOT = -2;

  /** The scope-state payload, or {@code null}. */
  public static final int STATE_SLOT = 0;

  /** The observed-call payload, or {@code null}. */
  public static final int FRAME_SLOT = 1;

  /**
   * Every payload's first element: an {@code AtomicReference<Object>} where the agent keeps what it
   * made of it.
   */
  public static final int CACHE = 0;

  // scope state: Strings unless noted
  public static final int CONVERSATION_ID = 1;
  public static final int USER_ID = 2;

  /** {@code Long}: the explicit turn, 0 for automatic turns. */
  public static final int EXPLICIT_TURN = 3;

  /** The conversation the turn slot numbers, or {@code null} when there is no slot. */
  public static final int TURN_CONVERSATION_ID = 4;

  /** {@code AtomicLong}: the turn slot's number cell, shared. */
  public static final int TURN_CELL = 5;

  public static final int WORKFLOW_ID = 6;
  public static final int WORKFLOW_TYPE = 7;

  /**
   * {@code Object[]}: the workflow's shared cells themselves, laid out as the core's {@code
   * WorkflowTotals.cells()} (its counters, and a weak link to the enclosing workflow's cells), or
   * {@code null}. The array, not a copy: it is what keeps the counters alive for both copies, and a
   * nested workflow's link to it is weak, so a mirror keeps no enclosing workflow alive.
   */
  public static final int WORKFLOW_TOTALS = 8;

  public static final int AGENT_NAME = 9;
  public static final int AGENT_ID = 10;
  public static final int AGENT_DESCRIPTION = 11;
  public static final int AGENT_VERSION = 12;

  /** {@code Map<String, String>}: custom attributes, keys without the {@code custom.} prefix. */
  public static final int CUSTOM = 13;

  /** {@code Boolean}: whether the ids propagate as W3C Baggage. */
  public static final int BAGGAGE = 14;

  public static final int STATE_LENGTH = 15;

  // observed call
  /** {@code AtomicInteger}: the run's flags, shared. */
  public static final int FRAME_FLAGS = 1;

  /**
   * {@code Map<String, Map<String, Double>>}: per-call prices by model, each by {@code
   * UsageComponent} name, in that component's unit; empty when the call has none.
   */
  public static final int FRAME_PRICING = 2;

  public static final int FRAME_LENGTH = 3;

  private MirrorLayout() {}
}
