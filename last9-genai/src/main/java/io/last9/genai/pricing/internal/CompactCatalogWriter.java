/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.last9.genai.pricing.UsageComponent;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Writes the compact form of a catalog that {@link CompactCatalog} reads. The core module's build
 * runs {@link #main} on the bundled genai-prices JSON (with the same parser, and so the same
 * checks, as a user's pricing file), so the jar carries the compact form next to the JSON. Runs at
 * build time only: nothing at run time calls it.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class CompactCatalogWriter {

  private CompactCatalogWriter() {}

  /**
   * Writes the compact form of a genai-prices JSON file.
   *
   * @param args the JSON file, and the directory to write the index and chunks into (created)
   * @throws IOException when a file cannot be read or written
   * @throws IllegalArgumentException when the JSON is not valid genai-prices data
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException(
          "usage: CompactCatalogWriter <genai-prices.json> <output directory>");
    }
    Path json = Path.of(args[0]);
    List<CatalogProvider> providers;
    try (InputStream in = Files.newInputStream(json)) {
      providers = CatalogParser.parse(in, json.toString());
    }
    write(providers, Path.of(args[1]));
  }

  /**
   * Writes the index, the filters and one chunk per provider into {@code directory}, creating it.
   */
  static void write(List<CatalogProvider> providers, Path directory) throws IOException {
    Files.createDirectories(directory);
    try (DataOutputStream out = open(directory.resolve(CompactCatalog.INDEX))) {
      out.writeInt(providers.size());
      for (CatalogProvider provider : providers) {
        out.writeUTF(provider.id());
        out.writeInt(provider.modelCount());
        writeClause(out, provider.modelMatch());
        writeClause(out, provider.providerMatch());
        out.writeInt(provider.fallbackProviderIds().size());
        for (String fallback : provider.fallbackProviderIds()) {
          out.writeUTF(fallback);
        }
      }
    }
    try (DataOutputStream out = open(directory.resolve(CompactCatalog.FILTERS))) {
      out.writeInt(providers.size());
      for (CatalogProvider provider : providers) {
        TreeSet<Integer> hashes = new TreeSet<>();
        for (String text : provider.equalsTexts()) {
          hashes.add(text.hashCode());
        }
        out.writeInt(hashes.size());
        for (int hash : hashes) {
          out.writeInt(hash);
        }
        List<MatchClause> rules = provider.ruleClauses();
        out.writeInt(rules.size());
        for (MatchClause rule : rules) {
          writeClause(out, rule);
        }
      }
    }
    for (int p = 0; p < providers.size(); p++) {
      CatalogProvider provider = providers.get(p);
      try (DataOutputStream out = open(directory.resolve(CompactCatalog.chunkName(p)))) {
        out.writeUTF(provider.id());
        out.writeInt(provider.modelCount());
        for (CatalogModel model : provider.models()) {
          out.writeUTF(model.price().modelId());
          writeClause(out, model.match());
          byte[] prices = encodePrices(model.price().conditionalPrices());
          out.writeInt(prices.length);
          out.write(prices);
        }
      }
    }
  }

  /** A model's prices on their own, so that the reader can keep them as bytes until first use. */
  private static byte[] encodePrices(List<ConditionalPrice> prices) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(prices.size());
      for (ConditionalPrice price : prices) {
        writeConstraint(out, price.constraint());
        writePriceSet(out, price.prices());
      }
    }
    return bytes.toByteArray();
  }

  private static DataOutputStream open(Path file) throws IOException {
    OutputStream raw = Files.newOutputStream(file);
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
    out.writeInt(CompactCatalog.MAGIC);
    out.writeInt(CompactCatalog.VERSION);
    return out;
  }

  private static void writeClause(DataOutputStream out, MatchClause clause) throws IOException {
    if (clause == null) {
      out.writeByte(CompactCatalog.NO_CLAUSE);
    } else if (clause instanceof EqualsClause c) {
      out.writeByte(CompactCatalog.EQUALS);
      out.writeUTF(c.value());
    } else if (clause instanceof StartsWithClause c) {
      out.writeByte(CompactCatalog.STARTS_WITH);
      out.writeUTF(c.prefix());
    } else if (clause instanceof EndsWithClause c) {
      out.writeByte(CompactCatalog.ENDS_WITH);
      out.writeUTF(c.suffix());
    } else if (clause instanceof ContainsClause c) {
      out.writeByte(CompactCatalog.CONTAINS);
      out.writeUTF(c.part());
    } else if (clause instanceof RegexClause c) {
      if (c.pattern().flags() != Pattern.CASE_INSENSITIVE) {
        throw new IllegalStateException("a regex clause with flags " + c.pattern().flags());
      }
      out.writeByte(CompactCatalog.REGEX);
      out.writeUTF(c.pattern().pattern());
    } else if (clause instanceof AnyOfClause c) {
      out.writeByte(CompactCatalog.ANY_OF);
      writeClauses(out, c.clauses());
    } else if (clause instanceof AllOfClause c) {
      out.writeByte(CompactCatalog.ALL_OF);
      writeClauses(out, c.clauses());
    } else {
      throw new IllegalStateException("a match clause of unknown kind: " + clause);
    }
  }

  private static void writeClauses(DataOutputStream out, List<MatchClause> clauses)
      throws IOException {
    out.writeInt(clauses.size());
    for (MatchClause c : clauses) {
      writeClause(out, c);
    }
  }

  private static void writeConstraint(DataOutputStream out, PriceConstraint constraint)
      throws IOException {
    if (constraint == null) {
      out.writeByte(CompactCatalog.ALWAYS);
    } else if (constraint instanceof StartDateConstraint c) {
      out.writeByte(CompactCatalog.START_DATE);
      out.writeLong(c.startDate().toEpochDay());
    } else if (constraint instanceof TimeOfDayConstraint c) {
      out.writeByte(CompactCatalog.TIME_OF_DAY);
      out.writeLong(c.startTime().toNanoOfDay());
      out.writeLong(c.endTime().toNanoOfDay());
    } else {
      throw new IllegalStateException("a price constraint of unknown kind: " + constraint);
    }
  }

  private static void writePriceSet(DataOutputStream out, PriceSet prices) throws IOException {
    Map<UsageComponent, TieredPrice> byComponent = prices.toMap();
    out.writeInt(byComponent.size());
    for (Map.Entry<UsageComponent, TieredPrice> e : byComponent.entrySet()) {
      out.writeUTF(e.getKey().priceKey());
      TieredPrice price = e.getValue();
      out.writeDouble(price.base());
      long[] starts = price.starts();
      double[] tierPrices = price.tierPrices();
      out.writeInt(starts.length);
      for (int t = 0; t < starts.length; t++) {
        out.writeLong(starts[t]);
        out.writeDouble(tierPrices[t]);
      }
    }
    Double requests = prices.requestsKcount();
    out.writeBoolean(requests != null);
    if (requests != null) {
      out.writeDouble(requests);
    }
  }
}
