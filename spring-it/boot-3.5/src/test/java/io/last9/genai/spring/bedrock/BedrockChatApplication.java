/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.bedrock;

import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.net.URI;
import org.springframework.ai.bedrock.converse.BedrockChatOptions;
import org.springframework.ai.bedrock.converse.BedrockProxyChatModel;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * A Spring AI application on Amazon Bedrock: Spring AI's Bedrock Converse model (its own
 * observation makes the chat spans), on AWS SDK clients that talk to {@code fake.bedrock.endpoint}.
 * The model is built here rather than by Spring AI's Bedrock starter, so that its clients can be
 * pointed at the loopback server.
 */
@SpringBootApplication
public class BedrockChatApplication {

  static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

  @Bean
  InMemorySpanExporter spanExporter() {
    return InMemorySpanExporter.create();
  }

  @Bean
  BedrockProxyChatModel bedrockChatModel(
      @Value("${fake.bedrock.endpoint}") URI endpoint, ObservationRegistry observations) {
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
    return BedrockProxyChatModel.builder()
        .bedrockRuntimeClient(
            BedrockRuntimeClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build())
        .bedrockRuntimeAsyncClient(
            BedrockRuntimeAsyncClient.builder()
                // the client assumes HTTP/2 for this service; the loopback fake speaks HTTP/1.1
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build())
        .defaultOptions(BedrockChatOptions.builder().model(MODEL).build())
        .observationRegistry(observations)
        .build();
  }

  @Bean
  ChatClient chatClient(BedrockProxyChatModel model, ObservationRegistry observations) {
    return ChatClient.builder(model, observations, null, null).build();
  }
}
