/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic.internal;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.core.ClientOptions;
import com.anthropic.services.async.BetaServiceAsync;
import com.anthropic.services.async.FileServiceAsync;
import com.anthropic.services.async.MessageServiceAsync;
import com.anthropic.services.async.ModelServiceAsync;
import com.anthropic.services.async.OrganizationServiceAsync;
import com.anthropic.services.async.SkillServiceAsync;
import com.anthropic.services.async.UserProfileServiceAsync;
import java.util.function.Consumer;

/**
 * An {@link AnthropicClientAsync} whose {@link #messages()} service is traced.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class InstrumentedClientAsync implements AnthropicClientAsync {

  private final AnthropicClientAsync delegate;
  private final ChatInstrumenter instrumenter;
  private final int maxContentLength;
  private final MessageServiceAsync messages;
  private volatile AnthropicClient sync;

  public InstrumentedClientAsync(
      AnthropicClientAsync delegate,
      ChatInstrumenter instrumenter,
      int maxContentLength,
      AnthropicClient sync) {
    this.delegate = delegate;
    this.instrumenter = instrumenter;
    this.maxContentLength = maxContentLength;
    this.sync = sync;
    this.messages =
        new InstrumentedMessageServiceAsync(delegate.messages(), instrumenter, maxContentLength);
  }

  @Override
  public MessageServiceAsync messages() {
    return messages;
  }

  @Override
  public AnthropicClient sync() {
    AnthropicClient s = sync;
    if (s == null) {
      s = new InstrumentedClient(delegate.sync(), instrumenter, maxContentLength);
      sync = s;
    }
    return s;
  }

  @Override
  public AnthropicClientAsync.WithRawResponse withRawResponse() {
    return delegate.withRawResponse();
  }

  @Override
  public ClientOptions options() {
    return delegate.options();
  }

  @Override
  public AnthropicClientAsync withOptions(Consumer<ClientOptions.Builder> modifier) {
    return new InstrumentedClientAsync(
        delegate.withOptions(modifier), instrumenter, maxContentLength, null);
  }

  @Override
  public ModelServiceAsync models() {
    return delegate.models();
  }

  @Override
  public FileServiceAsync files() {
    return delegate.files();
  }

  @Override
  public SkillServiceAsync skills() {
    return delegate.skills();
  }

  @Override
  public UserProfileServiceAsync userProfiles() {
    return delegate.userProfiles();
  }

  @Override
  public OrganizationServiceAsync organization() {
    return delegate.organization();
  }

  @Override
  public BetaServiceAsync beta() {
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
