/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.pricing.UsageComponent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a pricing file in the pydantic/genai-prices {@code data_slim.json} format (a JSON array of
 * providers) into {@link CatalogProvider}s, failing fast on anything malformed.
 *
 * <p>Every error is an {@link IllegalArgumentException} whose message names the source and the
 * entry, e.g. {@code pricing file /tmp/p.json: provider 'openai' model 'gpt-4o': prices.input_mtok
 * must be a non-negative number, was -1}. Every price key of the format is read (see {@link
 * UsageComponent#priceKey()}); a price must be a finite number from 0 to {@value #MAX_PRICE}, or a
 * tiered price of such numbers, and a price set must be one genai-prices can compute with (see
 * {@link PriceSet#of}). Duplicate JSON keys, duplicate provider ids and duplicate model ids within
 * a provider are rejected. Unknown provider and model fields are ignored; a price key this version
 * does not know (from a newer format) is validated, logged once and ignored. Match strings are
 * lower-cased and regular expressions compiled here.
 */
final class CatalogParser {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper LENIENT = JsonMapper.builder().build();

  /**
   * The largest price accepted, in USD per price unit (per million tokens, per thousand searches,
   * ...). The dearest genai-prices entry is $600 per million output tokens; a price above this is a
   * typo, and would make costs meaningless (1e308 multiplied by a token count is infinite).
   */
  static final double MAX_PRICE = 100_000;

  private static final Logger logger = Logger.getLogger(CatalogParser.class.getName());

  private final String sourceName;
  private final Set<String> unknownPriceKeys = new TreeSet<>();

  private CatalogParser(String sourceName) {
    this.sourceName = sourceName;
  }

  /**
   * Parses a whole pricing file. The stream is read to its end but not closed.
   *
   * @param sourceName how error messages name the file, e.g. its path
   */
  static List<CatalogProvider> parse(InputStream in, String sourceName) {
    return new CatalogParser(sourceName).parseAll(in);
  }

  private List<CatalogProvider> parseAll(InputStream in) {
    byte[] bytes;
    try {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "pricing file " + sourceName + ": cannot be read: " + e.getMessage(), e);
    }
    return parseAll(bytes);
  }

  private List<CatalogProvider> parseAll(byte[] bytes) {
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String at =
          loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
        throw new IllegalArgumentException(
            "pricing file "
                + sourceName
                + ": "
                + entryAt(bytes, e)
                + e.getOriginalMessage()
                + at
                + " (a key may appear once: which one would win is undefined)",
            e);
      }
      throw new IllegalArgumentException(
          "pricing file " + sourceName + ": invalid JSON" + at + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "pricing file " + sourceName + ": cannot be read: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new IllegalArgumentException("pricing file " + sourceName + ": is empty");
    }
    if (!root.isArray()) {
      throw new IllegalArgumentException(
          "pricing file "
              + sourceName
              + ": the top level must be an array of providers, was "
              + kind(root));
    }
    List<CatalogProvider> providers = new ArrayList<>(root.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < root.size(); i++) {
      CatalogProvider provider = parseProvider(root.get(i), i);
      if (!ids.add(provider.id().toLowerCase(Locale.ROOT))) {
        throw fail(
            "provider '" + provider.id() + "'",
            "appears more than once (provider ids must be unique)");
      }
      providers.add(provider);
    }
    if (!unknownPriceKeys.isEmpty()) {
      // once per file parsed, whoever parses it: each processor hears about its own files
      OnceLogger.logSanitized(
          logger,
          Level.WARNING,
          "pricing file "
              + OnceLogger.shorten(sourceName)
              + ": price keys this version of last9-genai does not know are ignored: "
              + unknownPriceKeys,
          null);
    }
    return providers;
  }

  /**
   * "provider 'x' model 'y': " for the entry a duplicate key sits in, found from the parser's path
   * on the leniently re-read tree; "" when it is outside every entry.
   */
  private String entryAt(byte[] bytes, JsonProcessingException e) {
    try {
      if (!(e.getProcessor() instanceof JsonParser)) {
        return "";
      }
      JsonPointer path = ((JsonParser) e.getProcessor()).getParsingContext().pathAsPointer();
      JsonNode root = LENIENT.readTree(bytes);
      if (path.matches() || !root.isArray()) {
        return "";
      }
      JsonNode provider = root.path(path.getMatchingIndex());
      String where = "provider '" + provider.path("id").asText("#" + path.getMatchingIndex()) + "'";
      JsonPointer rest = path.tail();
      if (rest != null
          && "models".equals(rest.getMatchingProperty())
          && rest.tail() != null
          && rest.tail().getMatchingIndex() >= 0) {
        JsonNode model = provider.path("models").path(rest.tail().getMatchingIndex());
        where += " model '" + model.path("id").asText("#" + rest.tail().getMatchingIndex()) + "'";
      }
      return where + ": ";
    } catch (IOException | RuntimeException ignored) {
      return "";
    }
  }

  private CatalogProvider parseProvider(JsonNode node, int index) {
    String unnamed = "provider #" + index;
    if (!node.isObject()) {
      throw fail(unnamed, "must be an object, was " + kind(node));
    }
    String id = requiredId(node, unnamed);
    String where = "provider '" + id + "'";
    MatchClause modelMatch = optionalClause(node, "model_match", where);
    MatchClause providerMatch = optionalClause(node, "provider_match", where);
    List<String> fallbacks = new ArrayList<>();
    JsonNode fallbackNode = node.get("fallback_model_providers");
    if (present(fallbackNode)) {
      if (!fallbackNode.isArray()) {
        throw fail(
            where,
            "fallback_model_providers must be an array of provider ids, was " + kind(fallbackNode));
      }
      for (JsonNode f : fallbackNode) {
        if (!f.isTextual() || f.asText().isBlank()) {
          throw fail(where, "fallback_model_providers must contain provider ids, found " + f);
        }
        fallbacks.add(f.asText().trim().toLowerCase(Locale.ROOT));
      }
    }
    JsonNode modelsNode = node.get("models");
    if (!present(modelsNode) || !modelsNode.isArray()) {
      throw fail(where, "models must be an array, was " + kind(modelsNode));
    }
    List<CatalogModel> models = new ArrayList<>(modelsNode.size());
    Set<String> modelIds = new HashSet<>();
    for (int i = 0; i < modelsNode.size(); i++) {
      CatalogModel model = parseModel(id, modelsNode.get(i), i, where);
      if (!modelIds.add(model.price().modelId().toLowerCase(Locale.ROOT))) {
        throw fail(
            where + " model '" + model.price().modelId() + "'",
            "appears more than once in this provider (model ids must be unique)");
      }
      models.add(model);
    }
    return new CatalogProvider(id, modelMatch, providerMatch, fallbacks, models);
  }

  private CatalogModel parseModel(
      String providerId, JsonNode node, int index, String providerWhere) {
    String unnamed = providerWhere + " model #" + index;
    if (!node.isObject()) {
      throw fail(unnamed, "must be an object, was " + kind(node));
    }
    String id = requiredId(node, unnamed);
    String where = providerWhere + " model '" + id + "'";
    JsonNode matchNode = node.get("match");
    if (!present(matchNode)) {
      throw fail(where, "match is required");
    }
    MatchClause match = parseClause(matchNode, "match", where);
    JsonNode pricesNode = node.get("prices");
    if (!present(pricesNode)) {
      throw fail(where, "prices is required");
    }
    return new CatalogModel(
        match, new CatalogPrice(providerId, id, parsePrices(pricesNode, where)));
  }

  private List<ConditionalPrice> parsePrices(JsonNode node, String where) {
    if (node.isObject()) {
      return List.of(new ConditionalPrice(null, parsePriceSet(node, "prices", where)));
    }
    if (!node.isArray()) {
      throw fail(
          where, "prices must be an object or an array of conditional prices, was " + kind(node));
    }
    if (node.isEmpty()) {
      throw fail(where, "prices must not be an empty array");
    }
    List<ConditionalPrice> result = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      String path = "prices[" + i + "]";
      JsonNode conditional = node.get(i);
      if (!conditional.isObject()) {
        throw fail(where, path + " must be an object, was " + kind(conditional));
      }
      JsonNode inner = conditional.get("prices");
      if (!present(inner) || !inner.isObject()) {
        throw fail(where, path + ".prices must be an object, was " + kind(inner));
      }
      PriceConstraint constraint =
          parseConstraint(conditional.get("constraint"), path + ".constraint", where);
      result.add(new ConditionalPrice(constraint, parsePriceSet(inner, path + ".prices", where)));
    }
    return result;
  }

  private PriceConstraint parseConstraint(JsonNode node, String path, String where) {
    if (!present(node)) {
      return null;
    }
    if (!node.isObject()) {
      throw fail(where, path + " must be an object, was " + kind(node));
    }
    if (present(node.get("start_date"))) {
      String text = requiredText(node, "start_date", path, where);
      try {
        return new StartDateConstraint(LocalDate.parse(text));
      } catch (DateTimeParseException e) {
        throw fail(where, path + ".start_date must be a date like 2025-01-31, was '" + text + "'");
      }
    }
    if (present(node.get("start_time")) || present(node.get("end_time"))) {
      LocalTime start =
          parseUtcTime(requiredText(node, "start_time", path, where), path + ".start_time", where);
      LocalTime end =
          parseUtcTime(requiredText(node, "end_time", path, where), path + ".end_time", where);
      return new TimeOfDayConstraint(start, end);
    }
    throw fail(where, path + " must have start_date, or start_time and end_time");
  }

  private LocalTime parseUtcTime(String text, String path, String where) {
    try {
      TemporalAccessor parsed =
          DateTimeFormatter.ISO_TIME.parseBest(text, OffsetTime::from, LocalTime::from);
      if (parsed instanceof OffsetTime) {
        return ((OffsetTime) parsed).withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
      }
      return (LocalTime) parsed;
    } catch (DateTimeParseException e) {
      throw fail(where, path + " must be a time like 16:30:00Z, was '" + text + "'");
    }
  }

  private PriceSet parsePriceSet(JsonNode node, String path, String where) {
    Map<UsageComponent, TieredPrice> prices = new EnumMap<>(UsageComponent.class);
    Double requests = null;
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      String keyPath = path + "." + key;
      if (key.equals(UsageUnits.REQUESTS_PRICE_KEY)) {
        requests = nonNegativeNumber(value, keyPath, where);
        continue;
      }
      UsageComponent component = UsageUnits.forPriceKey(key);
      TieredPrice price = parsePrice(value, keyPath, where);
      if (component == null) {
        unknownPriceKeys.add(key); // validated, then ignored: no usage count can be billed by it
      } else {
        prices.put(component, price);
      }
    }
    try {
      return PriceSet.of(prices, requests);
    } catch (IllegalArgumentException e) {
      throw fail(where, path + ": " + e.getMessage());
    }
  }

  private TieredPrice parsePrice(JsonNode node, String path, String where) {
    if (!node.isObject()) {
      return TieredPrice.flat(nonNegativeNumber(node, path, where));
    }
    JsonNode base = node.get("base");
    if (!present(base)) {
      throw fail(
          where, path + " must be a number or an object with base and tiers, base is missing");
    }
    double basePrice = nonNegativeNumber(base, path + ".base", where);
    JsonNode tiers = node.get("tiers");
    if (!present(tiers) || !tiers.isArray()) {
      throw fail(where, path + ".tiers must be an array, was " + kind(tiers));
    }
    long[] starts = new long[tiers.size()];
    double[] prices = new double[tiers.size()];
    for (int i = 0; i < tiers.size(); i++) {
      String tierPath = path + ".tiers[" + i + "]";
      JsonNode tier = tiers.get(i);
      if (!tier.isObject()) {
        throw fail(where, tierPath + " must be an object with start and price, was " + kind(tier));
      }
      JsonNode start = tier.get("start");
      if (!present(start)) {
        throw fail(where, tierPath + ".start is required");
      }
      if (!start.isNumber()
          || !start.canConvertToExactIntegral()
          || start.asDouble() < 0
          || !start.canConvertToLong()) {
        throw fail(
            where, tierPath + ".start must be a non-negative whole number of tokens, was " + start);
      }
      starts[i] = start.asLong();
      JsonNode price = tier.get("price");
      if (!present(price)) {
        throw fail(where, tierPath + ".price is required");
      }
      prices[i] = nonNegativeNumber(price, tierPath + ".price", where);
    }
    return TieredPrice.tiered(basePrice, starts, prices);
  }

  private double nonNegativeNumber(JsonNode node, String path, String where) {
    if (node == null || !node.isNumber()) {
      throw fail(where, path + " must be a non-negative number, was " + node);
    }
    double v = node.asDouble();
    if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) {
      throw fail(where, path + " must be a non-negative number, was " + node);
    }
    if (v > MAX_PRICE) {
      throw fail(
          where, path + " must be at most " + (long) MAX_PRICE + " USD per unit, was " + node);
    }
    return v;
  }

  private MatchClause optionalClause(JsonNode parent, String field, String where) {
    JsonNode node = parent.get(field);
    return present(node) ? parseClause(node, field, where) : null;
  }

  private MatchClause parseClause(JsonNode node, String path, String where) {
    if (!node.isObject() || node.size() != 1) {
      throw fail(where, path + " must be an object with exactly one clause, was " + node);
    }
    Map.Entry<String, JsonNode> clause = node.properties().iterator().next();
    String kind = clause.getKey();
    JsonNode value = clause.getValue();
    String clausePath = path + "." + kind;
    switch (kind) {
      case "starts_with":
        return new StartsWithClause(lowerCaseText(value, clausePath, where));
      case "ends_with":
        return new EndsWithClause(lowerCaseText(value, clausePath, where));
      case "contains":
        return new ContainsClause(lowerCaseText(value, clausePath, where));
      case "equals":
        return new EqualsClause(lowerCaseText(value, clausePath, where));
      case "regex":
        return RegexClause.compiled(compile(value, clausePath, where));
      case "or":
        return new AnyOfClause(parseClauses(value, clausePath, where));
      case "and":
        return new AllOfClause(parseClauses(value, clausePath, where));
      default:
        throw fail(
            where,
            path
                + " has an unknown match clause '"
                + kind
                + "' (expected starts_with, ends_with, contains, equals, regex, or, and)");
    }
  }

  private List<MatchClause> parseClauses(JsonNode node, String path, String where) {
    if (!node.isArray()) {
      throw fail(where, path + " must be an array of clauses, was " + kind(node));
    }
    List<MatchClause> clauses = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      clauses.add(parseClause(node.get(i), path + "[" + i + "]", where));
    }
    return clauses;
  }

  private Pattern compile(JsonNode node, String path, String where) {
    if (!node.isTextual()) {
      throw fail(where, path + " must be a string, was " + kind(node));
    }
    try {
      return Pattern.compile(node.asText(), Pattern.CASE_INSENSITIVE);
    } catch (PatternSyntaxException e) {
      throw fail(
          where,
          path
              + " is not a valid regular expression '"
              + node.asText()
              + "': "
              + e.getDescription());
    }
  }

  private String lowerCaseText(JsonNode node, String path, String where) {
    if (!node.isTextual()) {
      throw fail(where, path + " must be a string, was " + kind(node));
    }
    return node.asText().toLowerCase(Locale.ROOT);
  }

  private String requiredId(JsonNode node, String where) {
    JsonNode id = node.get("id");
    if (!present(id) || !id.isTextual() || id.asText().isBlank()) {
      throw fail(
          where, "id must be a non-blank string, was " + (id == null ? "missing" : id.toString()));
    }
    return id.asText().trim();
  }

  private String requiredText(JsonNode node, String field, String path, String where) {
    JsonNode value = node.get(field);
    if (!present(value)) {
      throw fail(where, path + "." + field + " is required");
    }
    if (!value.isTextual()) {
      throw fail(where, path + "." + field + " must be a string, was " + value);
    }
    return value.asText();
  }

  private IllegalArgumentException fail(String where, String message) {
    return new IllegalArgumentException(
        "pricing file " + sourceName + ": " + where + ": " + message);
  }

  private static boolean present(JsonNode node) {
    return node != null && !node.isNull() && !node.isMissingNode();
  }

  private static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
