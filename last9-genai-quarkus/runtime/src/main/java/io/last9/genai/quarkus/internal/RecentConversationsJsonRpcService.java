/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.internal;

import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * The Dev UI card's data: the recent conversations, read by the card's page over Dev UI's JSON-RPC.
 * Registered in dev mode only.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public class RecentConversationsJsonRpcService {

  @Inject RecentConversations conversations;

  /** The recent conversations, most recently seen first. */
  public List<Map<String, Object>> getConversations() {
    return conversations.list();
  }
}
