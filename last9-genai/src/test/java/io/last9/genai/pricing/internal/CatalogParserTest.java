/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import static io.last9.genai.pricing.UsageComponent.INPUT_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.CapturedLogs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Reading a pricing file in the genai-prices format: what it builds from a valid file, and that
 * anything malformed fails at once with a message naming the file, the entry and the field.
 */
class CatalogParserTest {

  private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

  /** Parses {@code json}, written with single quotes for readability, as {@code test.json}. */
  private static List<CatalogProvider> parse(String json) {
    return CatalogParser.parse(
        new ByteArrayInputStream(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8)),
        "test.json");
  }

  /** A one-provider, one-model file whose model entry carries the given JSON fields. */
  private static String model(String modelFields) {
    return "[{'id': 'acme', 'models': [{'id': 'rocket-1', " + modelFields + "}]}]";
  }

  /** A one-provider, one-model file with these prices. */
  private static String priced(String prices) {
    return model("'match': {'equals': 'rocket-1'}, 'prices': " + prices);
  }

  private static void assertRejected(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pricing file test.json: " + message);
  }

  private static double inputPrice(CatalogProvider provider, Instant at) {
    return provider.models().get(0).price().priceAt(at).priceOf(INPUT_TOKENS, 0);
  }

  @Test
  void providersAndModelsAreReadInFileOrderAndUnknownFieldsIgnored() {
    List<CatalogProvider> providers =
        parse(
            "[{'id': ' acme ', 'name': 'Acme AI', 'pricing_urls': ['x'],"
                + " 'fallback_model_providers': [' OpenAI ', 'anthropic'],"
                + " 'models': ["
                + "{'id': 'rocket-2', 'match': {'equals': 'rocket-2'}, 'context_window': 10,"
                + " 'prices': {'input_mtok': 2}},"
                + "{'id': 'rocket-1', 'match': {'equals': 'rocket-1'}, 'prices': {'input_mtok': 1}}]},"
                + " {'id': 'other', 'models': []}]");
    assertThat(providers).extracting(CatalogProvider::id).containsExactly("acme", "other");
    CatalogProvider acme = providers.get(0);
    assertThat(acme.fallbackProviderIds()).containsExactly("openai", "anthropic");
    assertThat(acme.models())
        .extracting(m -> m.price().modelId())
        .containsExactly("rocket-2", "rocket-1");
    assertThat(acme.models()).allSatisfy(m -> assertThat(m.price().providerId()).isEqualTo("acme"));
    assertThat(inputPrice(acme, AT)).isEqualTo(2);
    assertThat(providers.get(1).models()).isEmpty();
    assertThat(parse("[]")).isEmpty();
  }

  @Test
  void matchStringsAreLowerCasedAndRegularExpressionsIgnoreCase() {
    List<CatalogProvider> providers =
        parse(
            "[{'id': 'acme', 'model_match': {'starts_with': 'ROCKET-'},"
                + " 'provider_match': {'contains': 'Acme'},"
                + " 'models': [{'id': 'rocket-1', 'match': {'or': ["
                + "{'equals': 'Rocket-1'}, {'ends_with': '-One'},"
                + " {'and': [{'contains': 'X'}, {'regex': '^ROCKET-X\\\\d+$'}]}]},"
                + " 'prices': {'input_mtok': 1}}]}]");
    CatalogProvider acme = providers.get(0);
    assertThat(acme.claimsModel("rocket-9")).isTrue();
    assertThat(acme.answersTo("acme-eu")).isTrue();
    MatchClause match = acme.models().get(0).match();
    assertThat(match)
        .isInstanceOfSatisfying(
            AnyOfClause.class,
            any -> {
              assertThat(any.clauses().get(0)).isEqualTo(new EqualsClause("rocket-1"));
              assertThat(any.clauses().get(1)).isEqualTo(new EndsWithClause("-one"));
            });
    assertThat(match.matches("rocket-1")).isTrue();
    assertThat(match.matches("rocket-x42")).as("the regex, read case-insensitively").isTrue();
    assertThat(match.matches("rocket-x")).isFalse();
  }

  @Test
  void aPriceObjectIsOnePriceInForceAlwaysAndAnArrayIsConditional() {
    // 10:00 to 11:00 at UTC+2 is 08:00 to 09:00 UTC
    CatalogProvider acme =
        parse(
                priced(
                    "[{'prices': {'input_mtok': 1}},"
                        + " {'constraint': null, 'prices': {'input_mtok': 2}},"
                        + " {'constraint': {'start_time': '10:00:00+02:00', 'end_time': '11:00:00+02:00'},"
                        + " 'prices': {'input_mtok': 3, 'requests_kcount': 0.5}}]"))
            .get(0);
    assertThat(inputPrice(acme, Instant.parse("2026-03-01T08:30:00Z"))).isEqualTo(3);
    assertThat(acme.models().get(0).price().priceAt(Instant.parse("2026-03-01T08:30:00Z")))
        .extracting(PriceSet::requestsKcount)
        .isEqualTo(0.5);
    assertThat(inputPrice(acme, Instant.parse("2026-03-01T10:30:00Z")))
        .as("a null constraint is always in force")
        .isEqualTo(2);
    assertThat(inputPrice(parse(priced("{'input_mtok': 4}")).get(0), AT)).isEqualTo(4);
  }

  @Test
  void idsMustBeUniqueWhateverTheirCase() {
    assertRejected(
        "[{'id': 'acme', 'models': []}, {'id': 'other', 'models': []}, {'id': 'Acme', 'models': []}]",
        "provider 'Acme': appears more than once (provider ids must be unique)");
    assertRejected(
        "[{'id': 'acme', 'models': ["
            + "{'id': 'rocket', 'match': {'equals': 'a'}, 'prices': {}},"
            + "{'id': 'ROCKET', 'match': {'equals': 'b'}, 'prices': {}}]}]",
        "provider 'acme' model 'ROCKET': appears more than once in this provider (model ids must be"
            + " unique)");
    // the same model id under two providers is two prices
    List<CatalogProvider> two =
        parse(
            "[{'id': 'acme', 'models': [{'id': 'm', 'match': {'equals': 'm'}, 'prices': {}}]},"
                + " {'id': 'other', 'models': [{'id': 'm', 'match': {'equals': 'm'}, 'prices': {}}]}]");
    assertThat(two).hasSize(2);
  }

  @Test
  void aDuplicateKeyNamesTheEntryItIsIn() {
    assertThatThrownBy(() -> parse("[{'id': 'acme', 'models': [], 'models': []}]"))
        .hasMessageStartingWith("pricing file test.json: provider 'acme': Duplicate field 'models'")
        .hasMessageContaining("line 1")
        .hasMessageEndingWith("(a key may appear once: which one would win is undefined)");
    assertThatThrownBy(() -> parse("{'a': 1, 'a': 2}"))
        .as("outside every entry")
        .hasMessageStartingWith("pricing file test.json: Duplicate field 'a'");
  }

  @Test
  void entriesOfTheWrongShapeAreRejected() {
    assertRejected("[5]", "provider #0: must be an object, was number");
    assertRejected(
        "[{'id': 7, 'models': []}]", "provider #0: id must be a non-blank string, was 7");
    assertRejected(
        "[{'id': '  ', 'models': []}]", "provider #0: id must be a non-blank string, was \"  \"");
    assertRejected(
        "[{'id': 'acme', 'models': {}}]", "provider 'acme': models must be an array, was object");
    assertRejected(
        "[{'id': 'acme', 'models': [[]]}]",
        "provider 'acme' model #0: must be an object, was array");
    assertRejected(
        "[{'id': 'acme', 'fallback_model_providers': 'openai', 'models': []}]",
        "provider 'acme': fallback_model_providers must be an array of provider ids, was string");
    assertRejected(
        "[{'id': 'acme', 'fallback_model_providers': ['openai', ' '], 'models': []}]",
        "provider 'acme': fallback_model_providers must contain provider ids, found \" \"");
  }

  @Test
  void clausesOfTheWrongShapeAreRejectedNamingTheirPath() {
    assertRejected(
        model("'match': {'equals': 5}, 'prices': {}"),
        "provider 'acme' model 'rocket-1': match.equals must be a string, was number");
    assertRejected(
        model("'match': {'or': {'equals': 'a'}}, 'prices': {}"),
        "provider 'acme' model 'rocket-1': match.or must be an array of clauses, was object");
    assertRejected(
        model("'match': {'and': [{'equals': 'a'}, {'starts_with': null}]}, 'prices': {}"),
        "provider 'acme' model 'rocket-1': match.and[1].starts_with must be a string, was null");
    assertRejected(
        model("'match': {'regex': ['a']}, 'prices': {}"),
        "provider 'acme' model 'rocket-1': match.regex must be a string, was array");
  }

  @Test
  void conditionalPricesOfTheWrongShapeAreRejected() {
    assertRejected(
        priced("[5]"), "provider 'acme' model 'rocket-1': prices[0] must be an object, was number");
    assertRejected(
        priced("[{'constraint': {'start_date': '2026-01-01'}}]"),
        "provider 'acme' model 'rocket-1': prices[0].prices must be an object, was missing");
    assertRejected(
        priced("[{'constraint': {'day': 'monday'}, 'prices': {}}]"),
        "provider 'acme' model 'rocket-1': prices[0].constraint must have start_date, or start_time"
            + " and end_time");
    assertRejected(
        priced("[{'constraint': {'start_date': 20260101}, 'prices': {}}]"),
        "provider 'acme' model 'rocket-1': prices[0].constraint.start_date must be a string, was"
            + " 20260101");
    assertRejected(
        priced("'cheap'"),
        "provider 'acme' model 'rocket-1': prices must be an object or an array of conditional"
            + " prices, was string");
  }

  @Test
  void aPriceMustBeAFiniteNumberFromZeroToTheMaximum() {
    CatalogProvider atMax =
        parse(priced("{'input_mtok': " + (long) CatalogParser.MAX_PRICE + "}")).get(0);
    assertThat(inputPrice(atMax, AT)).isEqualTo(CatalogParser.MAX_PRICE);
    assertRejected(
        priced("{'input_mtok': 100000.5}"),
        "provider 'acme' model 'rocket-1': prices.input_mtok must be at most 100000 USD per unit,"
            + " was 100000.5");
    assertRejected(
        priced("{'input_mtok': null}"),
        "provider 'acme' model 'rocket-1': prices.input_mtok must be a non-negative number, was"
            + " null");
    assertRejected(
        priced("{'input_mtok': '1'}"),
        "provider 'acme' model 'rocket-1': prices.input_mtok must be a non-negative number, was"
            + " \"1\"");
  }

  @Test
  void tieredPricesOfTheWrongShapeAreRejected() {
    assertRejected(
        priced("{'input_mtok': {'base': 1, 'tiers': {}}}"),
        "provider 'acme' model 'rocket-1': prices.input_mtok.tiers must be an array, was object");
    assertRejected(
        priced("{'input_mtok': {'base': 1, 'tiers': [3]}}"),
        "provider 'acme' model 'rocket-1': prices.input_mtok.tiers[0] must be an object with start"
            + " and price, was number");
    assertRejected(
        priced("{'input_mtok': {'base': 1, 'tiers': [{'start': -1, 'price': 2}]}}"),
        "provider 'acme' model 'rocket-1': prices.input_mtok.tiers[0].start must be a"
            + " non-negative whole number of tokens, was -1");
    assertRejected(
        priced("{'input_mtok': {'base': 1, 'tiers': [{'start': 1e30, 'price': 2}]}}"),
        "provider 'acme' model 'rocket-1': prices.input_mtok.tiers[0].start must be a"
            + " non-negative whole number of tokens, was 1.0E30");
    CatalogProvider tiered =
        parse(
                priced(
                    "{'input_mtok': {'base': 1, 'tiers': [{'start': 2000, 'price': 3},"
                        + " {'start': 1000, 'price': 2}]}}"))
            .get(0);
    PriceSet set = tiered.models().get(0).price().priceAt(AT);
    assertThat(set.priceOf(INPUT_TOKENS, 1_500)).isEqualTo(2);
    assertThat(set.priceOf(INPUT_TOKENS, 2_500)).isEqualTo(3);
  }

  @Test
  void aPriceSetGenaiPricesRefusesIsRejectedAtItsPath() {
    assertRejected(
        priced("[{'prices': {'input_mtok': 1}}, {'prices': {'input_audio_mtok': 1}}]"),
        "provider 'acme' model 'rocket-1': prices[1].prices: input_audio_mtok needs a price for"
            + " input_mtok too (the counts it is a part of)");
  }

  @Test
  void unknownPriceKeysAreReportedOncePerFileAllTogether() {
    String file =
        "[{'id': 'acme', 'models': ["
            + "{'id': 'a', 'match': {'equals': 'a'}, 'prices': {'input_mtok': 1, 'output_hologram_mtok': 5}},"
            + "{'id': 'b', 'match': {'equals': 'b'}, 'prices': {'input_smell_mtok': 2, 'output_hologram_mtok': 5}}]}]";
    try (CapturedLogs logs = CapturedLogs.of(CatalogParser.class.getName())) {
      List<CatalogProvider> providers = parse(file);
      assertThat(inputPrice(providers.get(0), AT)).isEqualTo(1);
      assertThat(logs.records()).hasSize(1);
      assertThat(logs.records().get(0).getLevel()).isEqualTo(Level.WARNING);
      assertThat(logs.messages().get(0))
          .startsWith("pricing file test.json: ")
          .endsWith("[input_smell_mtok, output_hologram_mtok]");
      parse(file);
      assertThat(logs.records()).as("each file parsed is reported").hasSize(2);
      parse(priced("{'input_mtok': 1}"));
      assertThat(logs.records()).as("a file of known keys is not").hasSize(2);
    }
  }

  @Test
  void aStreamThatFailsIsReportedAndAStreamReadIsLeftOpen() {
    InputStream failing =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("disk gone");
          }
        };
    assertThatThrownBy(() -> CatalogParser.parse(failing, "p.json"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("pricing file p.json: cannot be read: disk gone");

    boolean[] closed = {false};
    ByteArrayInputStream in =
        new ByteArrayInputStream("[]".getBytes(StandardCharsets.UTF_8)) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    assertThat(CatalogParser.parse(in, "p.json")).isEmpty();
    assertThat(in.readAllBytes()).as("read to its end").isEmpty();
    assertThat(closed[0]).as("closing is the caller's").isFalse();
  }
}
