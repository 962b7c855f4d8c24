/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.pricing.Usage;
import io.last9.genai.pricing.UsageComponent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled catalog as the library reads it (the compact form the build writes, read per
 * provider) against the same data parsed from its JSON as a pricing file is: every model of every
 * provider resolves to the same entry and prices every usage at every instant to the same USD, bit
 * for bit; and a lookup reads only the providers it needs.
 */
class CompactCatalogTest {

  private static final Instant DATA_TIME =
      PriceCatalog.BUNDLED_DATA_DATE.atStartOfDay(ZoneOffset.UTC).toInstant();

  private static final Function<String, InputStream> CLASSPATH =
      name -> PriceCatalog.class.getResourceAsStream(CompactCatalog.DIRECTORY + name);

  private static PriceCatalog parsedFromJson() throws IOException {
    try (InputStream in = PriceCatalog.class.getResourceAsStream(PriceCatalog.BUNDLED_RESOURCE)) {
      return PriceCatalog.parse(in, "json", "genai-prices", DATA_TIME);
    }
  }

  private static PriceCatalog freshCompact() {
    return PriceCatalog.compact(CLASSPATH, "classpath:" + CompactCatalog.DIRECTORY, DATA_TIME);
  }

  @Test
  void everyModelResolvesAndPricesAsFromTheJson() throws IOException {
    PriceCatalog json = parsedFromJson();
    PriceCatalog compact = freshCompact();
    assertThat(compact.modelCount()).isEqualTo(json.modelCount()).isEqualTo(1466);
    assertThat(compact.providers()).hasSameSizeAs(json.providers());

    List<Instant> instants = instantsAround(json);
    List<Usage> usages = usages();
    int priced = 0;
    for (int p = 0; p < json.providers().size(); p++) {
      CatalogProvider fromJson = json.providers().get(p);
      CatalogProvider fromCompact = compact.providers().get(p);
      assertThat(fromCompact.id()).isEqualTo(fromJson.id());
      assertThat(fromCompact.modelCount()).isEqualTo(fromJson.modelCount());
      assertThat(fromCompact.fallbackProviderIds()).isEqualTo(fromJson.fallbackProviderIds());
      assertThat(String.valueOf(fromCompact.modelMatch()))
          .isEqualTo(String.valueOf(fromJson.modelMatch()));
      assertThat(String.valueOf(fromCompact.providerMatch()))
          .isEqualTo(String.valueOf(fromJson.providerMatch()));
      for (int m = 0; m < fromJson.modelCount(); m++) {
        CatalogModel a = fromJson.models().get(m);
        CatalogModel b = fromCompact.models().get(m);
        assertThat(b.price().modelId()).isEqualTo(a.price().modelId());
        assertThat(b.match().toString()).isEqualTo(a.match().toString());
        assertSamePrices(a.price(), b.price(), instants, usages);
        priced++;
      }
    }
    assertThat(priced).isEqualTo(1466);
  }

  @Test
  void everyNameResolvesAsFromTheJson() throws IOException {
    PriceCatalog json = parsedFromJson();
    PriceCatalog compact = freshCompact();
    Set<String> refs = new LinkedHashSet<>();
    for (CatalogProvider provider : json.providers()) {
      for (CatalogModel model : provider.models()) {
        String id = model.price().modelId();
        refs.add(id);
        refs.add(id.toUpperCase(java.util.Locale.ROOT));
        refs.add(id + "-2025-01-31");
        refs.add(id + "@20250929");
        refs.add(provider.id() + "/" + id);
      }
      refs.addAll(provider.equalsTexts());
    }
    refs.addAll(List.of("no-such-model", "openai/no-such-model", "gpt-4o-20990101", ""));
    List<String> hints = new ArrayList<>();
    hints.add(null);
    for (CatalogProvider provider : json.providers()) {
      hints.add(provider.id());
    }
    hints.addAll(
        List.of("aws.bedrock", "gcp.vertex_ai", "azure.ai.openai", "x_ai", "unknown-provider"));
    int found = 0;
    for (String hint : hints) {
      for (String ref : refs) {
        Optional<CatalogPrice> a = json.find(ref, hint);
        Optional<CatalogPrice> b = compact.find(ref, hint);
        assertThat(b.map(CompactCatalogTest::name))
            .as("%s with provider %s", ref, hint)
            .isEqualTo(a.map(CompactCatalogTest::name));
        if (a.isPresent()) {
          assertThat(compact.priceSourceOf(b.get())).isEqualTo(json.priceSourceOf(a.get()));
          found++;
        }
      }
    }
    assertThat(found).isGreaterThan(refs.size());
    for (String hint : hints) {
      assertThat(compact.knowsProvider(hint)).isEqualTo(json.knowsProvider(hint));
    }
  }

  @Test
  void aLookupReadsOnlyTheProvidersItNeeds() {
    PriceCatalog catalog = freshCompact();
    assertThat(loaded(catalog)).isEmpty();

    assertThat(catalog.find("gpt-4o-2024-08-06", "openai")).isPresent();
    assertThat(loaded(catalog)).containsExactly("openai");

    // no provider named: the provider whose model_match claims the name
    assertThat(catalog.find("claude-sonnet-4-5", null).map(CatalogPrice::providerId))
        .contains("anthropic");
    assertThat(loaded(catalog)).containsExactly("anthropic", "openai");

    // a provider named: its models, then those of its fallback providers (azure lists no gpt-4o)
    assertThat(catalog.find("gpt-4o", "azure").map(CompactCatalogTest::name))
        .contains("openai/gpt-4o");
    assertThat(loaded(catalog)).containsExactly("anthropic", "azure", "openai");

    // a search of every provider reads only those whose filter admits the name: none for a name
    // no model matches; a prefix that names a provider reads that one
    assertThat(catalog.find("no-such-model-anywhere", null)).isEmpty();
    assertThat(loaded(catalog)).containsExactly("anthropic", "azure", "openai");
    assertThat(catalog.find("mistral/no-such-model-anywhere", null)).isEmpty();
    assertThat(loaded(catalog)).containsExactly("anthropic", "azure", "mistral", "openai");
    // an OpenRouter id, found by the search without reading any other provider
    assertThat(
            catalog.find("meta-llama/llama-3.3-70b-instruct", null).map(CompactCatalogTest::name))
        .isEqualTo(
            parsedFromJsonQuietly()
                .find("meta-llama/llama-3.3-70b-instruct", null)
                .map(CompactCatalogTest::name));
    assertThat(loaded(catalog)).hasSizeLessThanOrEqualTo(6);
  }

  @Test
  void nothingIsReadUntilTheCatalogIsFirstUsed() {
    List<String> opened = new ArrayList<>();
    PriceCatalog catalog =
        PriceCatalog.compact(
            name -> {
              opened.add(name);
              return CLASSPATH.apply(name);
            },
            "classpath:" + CompactCatalog.DIRECTORY,
            DATA_TIME);
    assertThat(catalog.priceSource()).isEqualTo("genai-prices");
    assertThat(catalog.dataTime()).isEqualTo(DATA_TIME);
    assertThat(opened).isEmpty();

    assertThat(catalog.find("gpt-4o", "openai")).isPresent();
    List<String> ids = catalog.providers().stream().map(CatalogProvider::id).toList();
    assertThat(opened)
        .containsExactly(CompactCatalog.INDEX, CompactCatalog.chunkName(ids.indexOf("openai")));
    // the index is read once
    assertThat(catalog.modelCount()).isEqualTo(1466);
    assertThat(opened).hasSize(2);
  }

  @Test
  void aProvidersPricesAreDecodedModelByModelWhenFirstPriced() {
    PriceCatalog catalog = freshCompact();
    CatalogPrice gpt4o = catalog.find("gpt-4o-2024-08-06", "openai").orElseThrow();
    List<CatalogModel> openai =
        catalog.providers().stream()
            .filter(p -> p.id().equals("openai"))
            .findFirst()
            .orElseThrow()
            .models();
    assertThat(openai).hasSizeGreaterThan(50);
    assertThat(decoded(openai)).isEmpty();

    PriceSet prices = gpt4o.priceAt(Instant.parse("2026-06-01T00:00:00Z"));
    assertThat(prices.priceOf(UsageComponent.INPUT_TOKENS, 0)).isEqualTo(2.5);
    assertThat(decoded(openai)).containsExactly("gpt-4o");
    // decoded once: the same price set on every later call
    assertThat(gpt4o.priceAt(Instant.parse("2026-06-01T00:00:00Z"))).isSameAs(prices);
  }

  private static List<String> decoded(List<CatalogModel> models) {
    List<String> ids = new ArrayList<>();
    for (CatalogModel model : models) {
      if (model.price().isDecoded()) {
        ids.add(model.price().modelId());
      }
    }
    return ids;
  }

  private static PriceCatalog parsedFromJsonQuietly() {
    try {
      return parsedFromJson();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theLogLineAndProviderChecksReadNoModels() {
    PriceCatalog catalog = freshCompact();
    assertThat(catalog.modelCount()).isEqualTo(1466);
    assertThat(catalog.knowsProvider("aws.bedrock")).isTrue();
    assertThat(catalog.knowsProvider("ibm.watsonx.ai")).isFalse();
    assertThat(PriceCatalog.bundled().withoutProvidersOf(catalog).modelCount()).isZero();
    assertThat(loaded(catalog)).isEmpty();
  }

  @Test
  void writtenAndReadBackFromAFileGivesTheSameCatalog(@TempDir Path dir) throws IOException {
    PriceCatalog json = parsedFromJson();
    CompactCatalogWriter.write(json.providers(), dir);
    PriceCatalog reread = PriceCatalog.compact(opener(dir), dir + "/", DATA_TIME);
    PriceCatalog compact = freshCompact();
    for (CatalogProvider provider : compact.providers()) {
      for (CatalogModel model : provider.models()) {
        String id = model.price().modelId();
        assertThat(reread.find(id, provider.id()).map(CompactCatalogTest::name))
            .isEqualTo(compact.find(id, provider.id()).map(CompactCatalogTest::name));
      }
    }
    // the build writes the same bytes from the same JSON
    for (String name :
        List.of(CompactCatalog.INDEX, CompactCatalog.FILTERS, CompactCatalog.chunkName(0))) {
      try (InputStream shipped = CLASSPATH.apply(name)) {
        assertThat(Files.readAllBytes(dir.resolve(name))).isEqualTo(shipped.readAllBytes());
      }
    }
  }

  @Test
  void aMissingOrForeignChunkFailsNamingIt(@TempDir Path dir) throws IOException {
    CompactCatalogWriter.write(parsedFromJson().providers(), dir);
    Files.delete(dir.resolve(CompactCatalog.chunkName(0)));
    Files.writeString(dir.resolve(CompactCatalog.chunkName(1)), "{\"not\": \"compact\"}");
    PriceCatalog catalog = PriceCatalog.compact(opener(dir), dir + "/", DATA_TIME);
    String first = catalog.providers().get(0).id();
    String second = catalog.providers().get(1).id();
    assertThatThrownBy(() -> catalog.providers().get(0).models())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(dir + "/p0.bin is missing");
    assertThatThrownBy(() -> catalog.providers().get(1).models())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("p1.bin is not compact price data");
    assertThat(first).isNotEqualTo(second);
  }

  private static Function<String, InputStream> opener(Path dir) {
    return name -> {
      try {
        return Files.newInputStream(dir.resolve(name));
      } catch (NoSuchFileException e) {
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  private static List<String> loaded(PriceCatalog catalog) {
    List<String> ids = new ArrayList<>();
    for (CatalogProvider provider : catalog.providers()) {
      if (provider.isLoaded()) {
        ids.add(provider.id());
      }
    }
    ids.sort(null);
    return ids;
  }

  private static String name(CatalogPrice price) {
    return price.providerId() + "/" + price.modelId();
  }

  private static void assertSamePrices(
      CatalogPrice a, CatalogPrice b, List<Instant> instants, List<Usage> usages) {
    assertThat(b.conditionalPrices()).hasSameSizeAs(a.conditionalPrices());
    for (int i = 0; i < a.conditionalPrices().size(); i++) {
      ConditionalPrice ca = a.conditionalPrices().get(i);
      ConditionalPrice cb = b.conditionalPrices().get(i);
      assertThat(cb.constraint()).isEqualTo(ca.constraint());
      assertThat(cb.prices().toString()).isEqualTo(ca.prices().toString());
      assertThat(cb.prices().neededComponents()).isEqualTo(ca.prices().neededComponents());
    }
    for (Instant at : instants) {
      for (Usage usage : usages) {
        PricedUsage pa = a.cost(usage, at);
        PricedUsage pb = b.cost(usage, at);
        // exact: the same doubles, not merely the same cents
        assertThat(pb).as("%s at %s for %s", name(a), at, usage).isEqualTo(pa);
      }
    }
  }

  /** Instants on both sides of every start date and time-of-day window in the data. */
  private static List<Instant> instantsAround(PriceCatalog catalog) {
    Set<Instant> instants = new LinkedHashSet<>();
    instants.add(Instant.parse("2020-01-01T12:00:00Z"));
    instants.add(DATA_TIME);
    instants.add(Instant.parse("2030-06-30T23:59:59Z"));
    LocalDate day = LocalDate.of(2026, 3, 10);
    for (CatalogProvider provider : catalog.providers()) {
      for (CatalogModel model : provider.models()) {
        for (ConditionalPrice price : model.price().conditionalPrices()) {
          if (price.constraint() instanceof StartDateConstraint c) {
            Instant start = c.startDate().atStartOfDay(ZoneOffset.UTC).toInstant();
            instants.add(start.minusSeconds(1));
            instants.add(start);
          } else if (price.constraint() instanceof TimeOfDayConstraint c) {
            for (Instant t :
                List.of(
                    day.atTime(c.startTime()).toInstant(ZoneOffset.UTC),
                    day.atTime(c.endTime()).toInstant(ZoneOffset.UTC))) {
              instants.add(t.minus(Duration.ofSeconds(1)));
              instants.add(t);
            }
          }
        }
      }
    }
    return new ArrayList<>(instants);
  }

  /** Small and tiered-size calls, and one that reports every count (parts below their totals). */
  private static List<Usage> usages() {
    Usage.Builder every = Usage.builder();
    long n = 1_000_003;
    for (UsageComponent c : UsageComponent.values()) {
      every.count(c, n);
      n = n * 7 / 10;
    }
    every.inputTokens(3_000_017).outputTokens(900_001);
    return List.of(
        Usage.of(1_000, 500),
        Usage.of(0, 0),
        Usage.of(250_001, 7_777),
        Usage.builder()
            .inputTokens(150_000)
            .cacheReadInputTokens(40_000)
            .cacheCreationInputTokens(10_000)
            .outputTokens(2_000)
            .reasoningOutputTokens(500)
            .webSearches(3)
            .build(),
        every.build());
  }
}
