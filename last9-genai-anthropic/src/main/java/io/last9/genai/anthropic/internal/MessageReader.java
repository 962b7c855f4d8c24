package io.last9.genai.anthropic.internal;

import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import io.last9.genai.ResponseInfo;
import io.last9.genai.Usage;
import java.util.List;
import java.util.Optional;

/**
 * Reads an Anthropic {@link Message} into the core's {@link ResponseInfo}, normalising usage: Anthropic's
 * {@code input_tokens} excludes {@code cache_read_input_tokens} and {@code cache_creation_input_tokens}, so they are
 * added back (CONTRACT 2.2: input includes cached input). Accessors of the client throw on a missing required
 * field; every read here is guarded so a malformed response yields "no value", never an exception.
 */
public final class MessageReader {

  private MessageReader() {}

  /** Everything readable from {@code message}; never throws. */
  public static ResponseInfo read(Message message) {
    ResponseInfo.Builder b = ResponseInfo.builder().provider(ChatInstrumenter.PROVIDER);
    b.responseId(safe(() -> message.id()));
    b.responseModel(safe(() -> message.model().asString()));
    String stop = safe(() -> message.stopReason().map(r -> r.asString()).orElse(null));
    if (stop != null) {
      b.finishReasons(List.of(stop));
    }
    b.usage(safe(() -> usage(message.usage())));
    b.outputText(safe(() -> text(message.content())));
    return b.build();
  }

  /** Normalised usage of a complete message. */
  static Usage usage(com.anthropic.models.messages.Usage u) {
    return Usage.builder()
        .anthropicStyleInput(u.inputTokens(), u.cacheReadInputTokens().orElse(0L),
            u.cacheCreationInputTokens().orElse(0L))
        .outputTokens(u.outputTokens())
        .reasoningOutputTokens(safeLong(() -> u.outputTokensDetails().map(d -> d.thinkingTokens()).orElse(0L)))
        .build();
  }

  /** The text blocks of a response, joined; {@code null} when there is none. */
  static String text(List<ContentBlock> blocks) {
    StringBuilder sb = new StringBuilder();
    for (ContentBlock block : blocks) {
      Optional<com.anthropic.models.messages.TextBlock> t = block.text();
      if (t.isPresent()) {
        sb.append(t.get().text());
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  interface Read<T> {
    T get();
  }

  static <T> T safe(Read<T> read) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static long safeLong(Read<Long> read) {
    Long v = safe(read);
    return v == null || v < 0 ? 0 : v;
  }
}
