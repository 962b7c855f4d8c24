/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.last9.genai.GenAiAttributes;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

/**
 * The span attributes whose value a column of {@link SpanRecord} holds already (the conversation
 * id, the model, the token counts, the messages, ...), so that the attribute JSON stored beside the
 * columns need not hold them a second time: on most GenAI spans they are all of it, and every byte
 * stored is copied several times on ingest (into the append, the transaction, the write-ahead log,
 * the checkpoint). An attribute left out is one whose received value equals its column's, of the
 * column's type; the stored text names those left out by a bit mask written before the JSON object
 * ({@code 5123{"other":1}}), and {@link #restore} writes them back, first. A text starting with
 * {@code {} is a whole object, as files written before stored it. Internal, not for public use.
 */
public final class ColumnAttributes {

  /** The value of the column an attribute lives in; String, Long or Double, or null. */
  private static final class Column {
    final String key;
    final Function<SpanRecord, Object> value;

    Column(String key, Function<SpanRecord, Object> value) {
      this.key = key;
      this.value = value;
    }
  }

  /** Bit i of a mask stands for element i; append only (stored masks refer to these positions). */
  private static final List<Column> COLUMNS =
      List.of(
          new Column(SpanRecord.INPUT_MESSAGES_KEY, SpanRecord::inputMessages),
          new Column(SpanRecord.OUTPUT_MESSAGES_KEY, SpanRecord::outputMessages),
          new Column(GenAiAttributes.CONVERSATION_ID.getKey(), SpanRecord::conversationId),
          new Column("session.id", SpanRecord::conversationId),
          new Column(GenAiAttributes.CONVERSATION_TURN.getKey(), SpanRecord::turn),
          new Column(GenAiAttributes.USER_ID.getKey(), SpanRecord::userId),
          new Column(GenAiAttributes.WORKFLOW_ID.getKey(), SpanRecord::workflowId),
          new Column(GenAiAttributes.WORKFLOW_TYPE.getKey(), SpanRecord::workflowType),
          new Column(GenAiAttributes.L9_SPAN_KIND.getKey(), SpanRecord::l9Kind),
          new Column(GenAiAttributes.OPERATION_NAME.getKey(), SpanRecord::operation),
          new Column(GenAiAttributes.PROVIDER_NAME.getKey(), SpanRecord::provider),
          new Column(GenAiAttributes.SYSTEM.getKey(), SpanRecord::provider),
          new Column(GenAiAttributes.RESPONSE_MODEL.getKey(), SpanRecord::model),
          new Column(GenAiAttributes.REQUEST_MODEL.getKey(), SpanRecord::model),
          new Column(GenAiAttributes.USAGE_INPUT_TOKENS.getKey(), SpanRecord::inputTokens),
          new Column(GenAiAttributes.USAGE_PROMPT_TOKENS.getKey(), SpanRecord::inputTokens),
          new Column(GenAiAttributes.USAGE_OUTPUT_TOKENS.getKey(), SpanRecord::outputTokens),
          new Column(GenAiAttributes.USAGE_COMPLETION_TOKENS.getKey(), SpanRecord::outputTokens),
          new Column(GenAiAttributes.USAGE_COST_USD.getKey(), SpanRecord::costUsd),
          new Column(GenAiAttributes.COST_PRICE_SOURCE.getKey(), SpanRecord::costSource),
          new Column(GenAiAttributes.COST_UNPRICED_REASON.getKey(), SpanRecord::unpricedReason),
          new Column(
              GenAiAttributes.WORKFLOW_TOTAL_COST_USD.getKey(), SpanRecord::workflowTotalCostUsd));

  private static final JsonFactory JSON = new JsonFactory();

  private ColumnAttributes() {}

  /** The bit of {@code key}'s column, or 0 for a key no column holds. */
  public static int bit(String key) {
    for (int i = 0; i < COLUMNS.size(); i++) {
      if (COLUMNS.get(i).key.equals(key)) {
        return 1 << i;
      }
    }
    return 0;
  }

  /** True if the column of {@code bit} holds {@code value} in {@code span}. */
  public static boolean holds(int bit, SpanRecord span, String value) {
    return value.equals(column(bit, span));
  }

  /** True if the column of {@code bit} holds {@code value} in {@code span}. */
  public static boolean holds(int bit, SpanRecord span, long value) {
    return column(bit, span) instanceof Long && (Long) column(bit, span) == value;
  }

  /** True if the column of {@code bit} holds {@code value} in {@code span}, to the bit. */
  public static boolean holds(int bit, SpanRecord span, double value) {
    Object v = column(bit, span);
    return v instanceof Double
        && Double.doubleToRawLongBits((Double) v) == Double.doubleToRawLongBits(value);
  }

  private static Object column(int bit, SpanRecord span) {
    return COLUMNS.get(Integer.numberOfTrailingZeros(bit)).value.apply(span);
  }

  /** The stored text of an attribute object whose {@code mask} attributes were left out. */
  public static String stored(int mask, String rest) {
    return mask == 0 ? rest : mask + rest;
  }

  /** Every attribute of {@code span}: those its columns hold, then the others as stored. */
  static String restore(String stored, SpanRecord span) {
    if (stored == null || stored.isEmpty() || !Character.isDigit(stored.charAt(0))) {
      return SpanRecord.restoreContent(stored, span.inputMessages(), span.outputMessages());
    }
    int brace = stored.indexOf('{');
    int mask = Integer.parseInt(stored.substring(0, brace));
    StringWriter out = new StringWriter(stored.length() + 256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      for (int i = 0; i < COLUMNS.size(); i++) {
        if ((mask & (1 << i)) != 0) {
          g.writeFieldName(COLUMNS.get(i).key);
          Object v = COLUMNS.get(i).value.apply(span);
          if (v instanceof Long) {
            g.writeNumber((Long) v);
          } else if (v instanceof Double) {
            g.writeNumber((Double) v);
          } else {
            g.writeString((String) v);
          }
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    String restored = out.toString();
    String rest = stored.substring(brace + 1); // the members after '{', and the closing '}'
    if (restored.length() == 2) {
      return "{" + rest;
    }
    return rest.equals("}") ? restored : restored.substring(0, restored.length() - 1) + "," + rest;
  }
}
