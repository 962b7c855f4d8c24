/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.deployment;

import io.last9.genai.quarkus.internal.RecentConversations;
import io.last9.genai.quarkus.internal.RecentConversationsJsonRpcService;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.IsDevelopment;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.devui.spi.JsonRPCProvidersBuildItem;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;

/**
 * The Dev UI card, in dev mode only: a page listing the conversations the application served most
 * recently, with their turns, model calls and cost.
 */
class Last9GenAiDevUiProcessor {

  @BuildStep(onlyIf = IsDevelopment.class)
  AdditionalBeanBuildItem recentConversations() {
    return AdditionalBeanBuildItem.builder()
        .setUnremovable()
        .addBeanClasses(RecentConversations.class)
        .build();
  }

  @BuildStep(onlyIf = IsDevelopment.class)
  CardPageBuildItem card() {
    CardPageBuildItem card = new CardPageBuildItem();
    card.addPage(
        Page.webComponentPageBuilder()
            .title("Conversations")
            .icon("font-awesome-solid:comments")
            .componentLink("qwc-last9-conversations.js"));
    return card;
  }

  @BuildStep(onlyIf = IsDevelopment.class)
  JsonRPCProvidersBuildItem jsonRpc() {
    return new JsonRPCProvidersBuildItem(RecentConversationsJsonRpcService.class);
  }
}
