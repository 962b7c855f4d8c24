/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic.internal;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.core.ClientOptions;
import com.anthropic.services.blocking.BetaService;
import com.anthropic.services.blocking.FileService;
import com.anthropic.services.blocking.MessageService;
import com.anthropic.services.blocking.ModelService;
import com.anthropic.services.blocking.OrganizationService;
import com.anthropic.services.blocking.SkillService;
import com.anthropic.services.blocking.UserProfileService;
import java.util.function.Consumer;

/**
 * An {@link AnthropicClient} whose {@link #messages()} service is traced; every other service is
 * the client's own. The traced service and the traced async view are built once, here, not per
 * call.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class InstrumentedClient implements AnthropicClient {

  private final AnthropicClient delegate;
  private final ChatInstrumenter instrumenter;
  private final int maxContentLength;
  private final MessageService messages;
  private volatile AnthropicClientAsync async;

  public InstrumentedClient(
      AnthropicClient delegate, ChatInstrumenter instrumenter, int maxContentLength) {
    this.delegate = delegate;
    this.instrumenter = instrumenter;
    this.maxContentLength = maxContentLength;
    this.messages =
        new InstrumentedMessageService(delegate.messages(), instrumenter, maxContentLength);
  }

  /** The client this one delegates to. */
  public AnthropicClient delegate() {
    return delegate;
  }

  @Override
  public MessageService messages() {
    return messages;
  }

  @Override
  public AnthropicClientAsync async() {
    AnthropicClientAsync a = async;
    if (a == null) {
      a = new InstrumentedClientAsync(delegate.async(), instrumenter, maxContentLength, this);
      async = a;
    }
    return a;
  }

  @Override
  public AnthropicClient.WithRawResponse withRawResponse() {
    return delegate.withRawResponse();
  }

  @Override
  public ClientOptions options() {
    return delegate.options();
  }

  @Override
  public AnthropicClient withOptions(Consumer<ClientOptions.Builder> modifier) {
    return new InstrumentedClient(delegate.withOptions(modifier), instrumenter, maxContentLength);
  }

  @Override
  public ModelService models() {
    return delegate.models();
  }

  @Override
  public FileService files() {
    return delegate.files();
  }

  @Override
  public SkillService skills() {
    return delegate.skills();
  }

  @Override
  public UserProfileService userProfiles() {
    return delegate.userProfiles();
  }

  @Override
  public OrganizationService organization() {
    return delegate.organization();
  }

  @Override
  public BetaService beta() {
    return delegate.beta();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "Last9Anthropic(" + delegate + ')';
  }
}
