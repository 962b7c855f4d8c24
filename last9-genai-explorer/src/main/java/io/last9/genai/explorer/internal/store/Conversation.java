/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

import java.util.List;

/**
 * One conversation, turn by turn. Internal, not for public use.
 *
 * @param summary what the list shows of it
 * @param turns its turns, in turn order
 */
public record Conversation(ConversationSummary summary, List<Turn> turns) {}
