/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.pricing.CostBreakdown;
import io.last9.genai.pricing.Usage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading user pricing files, and the error messages of malformed ones. */
class PriceCatalogFileTest {

  private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");

  @TempDir Path dir;

  private Path write(String name, String json) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, json.replace('\'', '"'));
    return file;
  }

  /** A one-provider, one-model file whose model entry carries the given JSON fields. */
  private Path fileWithModel(String name, String modelFields) throws IOException {
    return write(name, "[{'id': 'acme', 'models': [{'id': 'rocket-1', " + modelFields + "}]}]");
  }

  private void assertRejected(Path file, String... fragments) {
    assertThatThrownBy(() -> PricingFile.load(file))
        .isInstanceOf(PricingFileError.class)
        .hasMessageStartingWith("pricing file " + file + ": ")
        .message()
        .contains(fragments);
  }

  @Test
  void userFileWithOneCustomModel() throws IOException {
    Path file =
        write(
            "custom.json",
            "[{'id': 'acme', 'name': 'Acme AI', 'some_future_field': {'x': 1},"
                + " 'model_match': {'starts_with': 'ROCKET-'},"
                + " 'models': [{'id': 'rocket-1', 'match': {'or': [{'equals': 'Rocket-1'}, {'regex': '^rocket-1-v\\\\d+$'}]},"
                + " 'context_window': 1000, 'description': 'ignored',"
                + " 'prices': {'input_mtok': 1.5, 'output_mtok': 4, 'cache_read_mtok': 0.5,"
                + " 'input_audio_mtok': 9, 'cache_audio_read_mtok': 3, 'web_searches_kcount': 10,"
                + " 'output_image_mtok': {'base': 1, 'tiers': [{'start': 10, 'price': 2}]}}}]}]");
    PriceCatalog catalog = PricingFile.load(file);

    assertThat(catalog.sourceName()).isEqualTo(file.toString());
    assertThat(catalog.priceSource()).isEqualTo("file:custom.json");
    assertThat(catalog.modelCount()).isEqualTo(1);
    CatalogPrice price = catalog.find("ROCKET-1", null).orElseThrow();
    assertThat(price.providerId()).isEqualTo("acme");
    assertThat(price.modelId()).isEqualTo("rocket-1");
    assertThat(catalog.find("rocket-1-v7", "acme")).containsSame(price);
    assertThat(catalog.find("acme/rocket-1", null)).containsSame(price);
    // nothing else is in a user catalog
    assertThat(catalog.find("gpt-4o", null)).isEmpty();

    // (3000 x 1.5 + 1000 x 0.5 + 1000 x 1.5 (no cache_write_mtok: input price)) / 1e6 = 6500 / 1e6
    // 2000 x 4 / 1e6 = 0.008; the call has no audio, image or web-search counts for those prices to
    // bill
    Usage usage =
        Usage.builder()
            .inputTokens(5_000)
            .cacheReadInputTokens(1_000)
            .cacheCreationInputTokens(1_000)
            .outputTokens(2_000)
            .build();
    CostBreakdown cost = price.cost(usage, NOW).cost();
    assertThat(cost.inputUsd()).isCloseTo(0.0065, within(1e-12));
    assertThat(cost.outputUsd()).isCloseTo(0.008, within(1e-12));
    assertThat(cost.totalUsd()).isCloseTo(0.0145, within(1e-12));
  }

  @Test
  void parseNamesTheGivenSource() {
    String json =
        "[{\"id\": \"acme\", \"models\": [{\"id\": \"m\", \"match\": {\"equals\": \"m\"},"
            + " \"prices\": {\"input_mtok\": -1}}]}]";
    assertThatThrownBy(
            () ->
                PriceCatalog.parse(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    "my-prices",
                    "file:my-prices"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "pricing file my-prices: provider 'acme' model 'm': prices.input_mtok must be a non-negative"
                + " number, was -1");
  }

  @Test
  void aMissingFileFailsLikeABrokenOne(@TempDir Path empty) {
    Path missing = empty.resolve("nope.json");
    assertThatThrownBy(() -> PricingFile.load(missing))
        .isInstanceOf(PricingFileError.class)
        .hasMessage("pricing file " + missing + ": does not exist")
        .hasCauseInstanceOf(java.nio.file.NoSuchFileException.class);
    // a directory is not a file: it cannot be read
    assertThatThrownBy(() -> PricingFile.load(empty))
        .isInstanceOf(PricingFileError.class)
        .hasMessageStartingWith("pricing file " + empty + ": cannot be read: ");
  }

  @Test
  void invalidJson() throws IOException {
    Path file = write("broken.json", "[{'id': 'acme', 'models': [}]");
    assertRejected(file, "invalid JSON", "line 1, column");
  }

  @Test
  void emptyFile() throws IOException {
    assertRejected(write("empty.json", ""), "is empty");
  }

  @Test
  void topLevelMustBeAnArray() throws IOException {
    assertRejected(write("object.json", "{'id': 'acme'}"), "top level must be an array", "object");
  }

  @Test
  void providerWithoutId() throws IOException {
    assertRejected(
        write("noid.json", "[{'models': []}]"), "provider #0", "id must be a non-blank string");
  }

  @Test
  void providerWithoutModels() throws IOException {
    assertRejected(
        write("nomodels.json", "[{'id': 'acme'}]"), "provider 'acme'", "models must be an array");
  }

  @Test
  void modelWithoutId() throws IOException {
    Path file =
        write(
            "nomodelid.json",
            "[{'id': 'acme', 'models': [{'match': {'equals': 'x'}, 'prices': {'input_mtok': 1}}]}]");
    assertRejected(file, "provider 'acme' model #0", "id must be a non-blank string");
  }

  @Test
  void modelWithoutMatch() throws IOException {
    assertRejected(
        fileWithModel("nomatch.json", "'prices': {'input_mtok': 1}"),
        "provider 'acme' model 'rocket-1'",
        "match is required");
  }

  @Test
  void modelWithoutPrices() throws IOException {
    assertRejected(
        fileWithModel("noprices.json", "'match': {'equals': 'rocket-1'}"),
        "provider 'acme' model 'rocket-1'",
        "prices is required");
  }

  @Test
  void unknownMatchClause() throws IOException {
    assertRejected(
        fileWithModel(
            "clause.json",
            "'match': {'or': [{'glob': 'rocket*'}], 'x': 1}," + " 'prices': {'input_mtok': 1}"),
        "provider 'acme' model 'rocket-1'",
        "exactly one clause");
    assertRejected(
        fileWithModel(
            "clause2.json",
            "'match': {'or': [{'glob': 'rocket*'}]}," + " 'prices': {'input_mtok': 1}"),
        "provider 'acme' model 'rocket-1'",
        "match.or[0]",
        "unknown match clause 'glob'");
  }

  @Test
  void unknownProviderMatchClause() throws IOException {
    Path file =
        write("pclause.json", "[{'id': 'acme', 'provider_match': {'like': 'acme'}, 'models': []}]");
    assertRejected(file, "provider 'acme'", "provider_match", "unknown match clause 'like'");
  }

  @Test
  void invalidRegex() throws IOException {
    assertRejected(
        fileWithModel("regex.json", "'match': {'regex': 'rocket-(1'}, 'prices': {'input_mtok': 1}"),
        "provider 'acme' model 'rocket-1'",
        "match.regex is not a valid regular expression 'rocket-(1'");
  }

  @Test
  void negativePrice() throws IOException {
    Path file =
        fileWithModel(
            "negative.json", "'match': {'equals': 'rocket-1'}, 'prices': {'input_mtok': -1}");
    assertThatThrownBy(() -> PricingFile.load(file))
        .isInstanceOf(PricingFileError.class)
        .hasMessage(
            "pricing file "
                + file
                + ": provider 'acme' model 'rocket-1': prices.input_mtok must be a"
                + " non-negative number, was -1");
  }

  @Test
  void nonNumberAndNonFinitePrices() throws IOException {
    assertRejected(
        fileWithModel(
            "nan.json", "'match': {'equals': 'rocket-1'}, 'prices': {'output_mtok': 'NaN'}"),
        "provider 'acme' model 'rocket-1'",
        "prices.output_mtok must be a non-negative number, was \"NaN\"");
    assertRejected(
        fileWithModel(
            "inf.json", "'match': {'equals': 'rocket-1'}, 'prices': {'output_mtok': 1e999}"),
        "provider 'acme' model 'rocket-1'",
        "prices.output_mtok must be a non-negative number");
    assertRejected(
        fileWithModel(
            "unknown.json", "'match': {'equals': 'rocket-1'}, 'prices': {'input_audio_mtok': [1]}"),
        "provider 'acme' model 'rocket-1'",
        "prices.input_audio_mtok must be a non-negative number");
    assertRejected(
        fileWithModel(
            "requests.json", "'match': {'equals': 'rocket-1'}, 'prices': {'requests_kcount': -2}"),
        "provider 'acme' model 'rocket-1'",
        "prices.requests_kcount must be a non-negative number, was -2");
  }

  @Test
  void tierWithoutStartOrPrice() throws IOException {
    assertRejected(
        fileWithModel(
            "nostart.json",
            "'match': {'equals': 'rocket-1'},"
                + " 'prices': {'input_mtok': {'base': 1, 'tiers': [{'price': 2}]}}"),
        "provider 'acme' model 'rocket-1'",
        "prices.input_mtok.tiers[0].start is required");
    assertRejected(
        fileWithModel(
            "noprice.json",
            "'match': {'equals': 'rocket-1'},"
                + " 'prices': {'input_mtok': {'base': 1, 'tiers': [{'start': 10}]}}"),
        "provider 'acme' model 'rocket-1'",
        "prices.input_mtok.tiers[0].price is required");
    assertRejected(
        fileWithModel(
            "nobase.json",
            "'match': {'equals': 'rocket-1'}," + " 'prices': {'input_mtok': {'tiers': []}}"),
        "provider 'acme' model 'rocket-1'",
        "prices.input_mtok",
        "base is missing");
    assertRejected(
        fileWithModel(
            "fraction.json",
            "'match': {'equals': 'rocket-1'},"
                + " 'prices': {'input_mtok': {'base': 1, 'tiers': [{'start': 1.5, 'price': 2}]}}"),
        "provider 'acme' model 'rocket-1'",
        "tiers[0].start must be a non-negative whole number");
  }

  @Test
  void badStartDate() throws IOException {
    assertRejected(
        fileWithModel(
            "date.json",
            "'match': {'equals': 'rocket-1'}, 'prices': ["
                + "{'prices': {'input_mtok': 1}}, {'constraint': {'start_date': '2026-13-01'}, 'prices': {'input_mtok': 2}}]"),
        "provider 'acme' model 'rocket-1'",
        "prices[1].constraint.start_date must be a date",
        "2026-13-01");
  }

  @Test
  void badTime() throws IOException {
    assertRejected(
        fileWithModel(
            "time.json",
            "'match': {'equals': 'rocket-1'}, 'prices': ["
                + "{'prices': {'input_mtok': 1}},"
                + " {'constraint': {'start_time': '25:00:00Z', 'end_time': '16:30:00Z'}, 'prices': {'input_mtok': 2}}]"),
        "provider 'acme' model 'rocket-1'",
        "prices[1].constraint.start_time must be a time",
        "25:00:00Z");
    assertRejected(
        fileWithModel(
            "time2.json",
            "'match': {'equals': 'rocket-1'}, 'prices': ["
                + " {'constraint': {'start_time': '10:00:00Z'}, 'prices': {'input_mtok': 2}}]"),
        "provider 'acme' model 'rocket-1'",
        "prices[0].constraint.end_time is required");
  }

  @Test
  void emptyConditionalPrices() throws IOException {
    assertRejected(
        fileWithModel("emptyprices.json", "'match': {'equals': 'rocket-1'}, 'prices': []"),
        "provider 'acme' model 'rocket-1'",
        "prices must not be an empty array");
  }

  @Test
  void conditionalPricesFromAUserFile() throws IOException {
    // walked last to first: 2026-06-01 price (3) wins from that date, earlier dates fall back to
    // the first entry (1)
    Path file =
        fileWithModel(
            "dated.json",
            "'match': {'equals': 'rocket-1'}, 'prices': ["
                + "{'prices': {'input_mtok': 1}},"
                + "{'constraint': {'start_date': '2026-01-01'}, 'prices': {'input_mtok': 2}},"
                + "{'constraint': {'start_date': '2026-06-01'}, 'prices': {'input_mtok': 3}}]");
    CatalogPrice price = PricingFile.load(file).find("rocket-1", null).orElseThrow();
    Usage million = Usage.of(1_000_000, 0);
    assertThat(price.cost(million, Instant.parse("2025-12-31T23:59:59Z")).cost().totalUsd())
        .isCloseTo(1, within(1e-12));
    assertThat(price.cost(million, Instant.parse("2026-01-01T00:00:00Z")).cost().totalUsd())
        .isCloseTo(2, within(1e-12));
    assertThat(price.cost(million, Instant.parse("2026-06-01T00:00:00Z")).cost().totalUsd())
        .isCloseTo(3, within(1e-12));
  }

  @Test
  void noConstraintActiveUsesTheFirstPrice() throws IOException {
    Path file =
        fileWithModel(
            "future.json",
            "'match': {'equals': 'rocket-1'}, 'prices': ["
                + "{'constraint': {'start_date': '2030-01-01'}, 'prices': {'input_mtok': 7}},"
                + "{'constraint': {'start_date': '2031-01-01'}, 'prices': {'input_mtok': 8}}]");
    CatalogPrice price = PricingFile.load(file).find("rocket-1", null).orElseThrow();
    assertThat(price.cost(Usage.of(1_000_000, 0), NOW).cost().totalUsd())
        .isCloseTo(7, within(1e-12));
  }
}
