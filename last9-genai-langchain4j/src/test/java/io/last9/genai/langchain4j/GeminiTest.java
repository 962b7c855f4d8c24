package io.last9.genai.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import io.last9.genai.GenAiAttributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real GoogleAiGeminiChatModel: Gemini counts cached tokens inside the prompt count and thinking tokens beside the
 * candidates count; LangChain4j passes only the candidates on as output, and the span adds the thinking back.
 */
class GeminiTest {

  @RegisterExtension final Telemetry otel = new Telemetry();

  private FakeProvider server;
  private ChatModel model;

  @BeforeEach
  void setUp() throws Exception {
    server = new FakeProvider();
    model = GoogleAiGeminiChatModel.builder()
        .baseUrl(server.baseUrl())
        .apiKey("test-key")
        .modelName("gemini-2.5-flash")
        .maxRetries(0)
        .listeners(List.of(Last9ChatModelListener.create(otel.otel())))
        .build();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void cachedAndThinkingTokensArePricedAtTheirRates() {
    server.json(200, """
        {"candidates":[{"content":{"parts":[{"text":"Hello!"}],"role":"model"},"finishReason":"STOP","index":0}],
         "usageMetadata":{"promptTokenCount":4610,"candidatesTokenCount":101,"totalTokenCount":4731,
           "cachedContentTokenCount":1000,"thoughtsTokenCount":20},
         "modelVersion":"gemini-2.5-flash","responseId":"resp-gemini-1"}
        """);

    assertThat(model.chat("Hi")).isEqualTo("Hello!");

    SpanData span = otel.span("chat gemini-2.5-flash");
    var a = span.getAttributes();
    assertThat(a.get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("gcp.gemini");
    assertThat(a.get(GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(4_610L);
    assertThat(a.get(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS)).isEqualTo(1_000L);
    // candidates 101 + thinking 20
    assertThat(a.get(GenAiAttributes.USAGE_OUTPUT_TOKENS)).isEqualTo(121L);
    assertThat(a.get(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS)).isEqualTo(20L);
    // gemini-2.5-flash (bundled catalog): input 0.30, cache read 0.03, output 2.50 per million
    // input: (4610 - 1000) x 0.30 + 1000 x 0.03 = 1083 + 30 = 1113 -> 0.001113
    // output: 121 x 2.50 = 302.5 -> 0.0003025; total 0.0014155
    assertThat(a.get(GenAiAttributes.USAGE_COST_INPUT_USD)).isCloseTo(0.001113, within(1e-12));
    assertThat(a.get(GenAiAttributes.USAGE_COST_OUTPUT_USD)).isCloseTo(0.0003025, within(1e-12));
    assertThat(a.get(GenAiAttributes.USAGE_COST_USD)).isCloseTo(0.0014155, within(1e-12));
    assertThat(a.get(GenAiAttributes.COST_PRICE_SOURCE)).isEqualTo("genai-prices:google/gemini-2.5-flash");
  }
}
