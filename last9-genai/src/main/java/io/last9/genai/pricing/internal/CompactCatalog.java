/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.last9.genai.pricing.UsageComponent;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the bundled catalog in the compact form that {@link CompactCatalogWriter} makes from the
 * bundled genai-prices JSON when the library is built: a small index, read whole when the catalog
 * is first used, and one chunk per provider, read when a lookup first needs that provider's models.
 * Pricing a span therefore never parses the whole catalog, and needs no JSON parser.
 *
 * <p>All are {@link java.io.DataOutput} streams. The index: magic, version, the provider count; per
 * provider its id, model count, {@code model_match} and {@code provider_match} clauses and {@code
 * fallback_model_providers}. The filters ({@code filters.bin}), read when a lookup first searches
 * every provider (a model named without its provider): per provider the sorted {@link
 * String#hashCode()}s of every name its models match by {@code equals}, and the clauses of its
 * other models, so that such a search never loads a chunk that cannot have the name. A chunk
 * ({@code p<index>.bin}): magic, version, provider id, model count; per model its id, match clause,
 * and the length in bytes of its conditional prices followed by them, each a constraint and its
 * price set: per price key a base price and its tiers, and the per-request price. A chunk's prices
 * are kept as bytes and a model's are decoded when it is first priced (the length lets the reader
 * step over them). Doubles are written bit for bit, so the compact form prices exactly as the JSON
 * does.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class CompactCatalog {

  /** Where the build puts the compact form of the bundled catalog, on the classpath. */
  static final String DIRECTORY = "/io/last9/genai/pricing/compact/";

  static final String INDEX = "index.bin";

  static final String FILTERS = "filters.bin";

  static final int MAGIC = 0x4C394750; // "L9GP"
  static final int VERSION = 2;

  static final byte NO_CLAUSE = 0;
  static final byte EQUALS = 1;
  static final byte STARTS_WITH = 2;
  static final byte ENDS_WITH = 3;
  static final byte CONTAINS = 4;
  static final byte REGEX = 5;
  static final byte ANY_OF = 6;
  static final byte ALL_OF = 7;

  static final byte ALWAYS = 0;
  static final byte START_DATE = 1;
  static final byte TIME_OF_DAY = 2;

  /** Opens a file of the compact form by name; null for the library's own resources. */
  private final Function<String, InputStream> open;

  /** How error messages name the data (the file names follow it). */
  private final String sourceName;

  /** Set by {@link #readIndex}; the filters file must list as many providers. */
  private volatile int providerCount = -1;

  /** The filters of every provider, read together on the first search of every provider. */
  private volatile CatalogProvider.Filter[] filters;

  // The providers and models of the index call back into this reader (filter, models, prices)
  // instead of holding a lambda each: on the first priced span of a cold JVM, each lambda is a
  // class spun and defined, several milliseconds together.

  /**
   * A reader of compact price data.
   *
   * @param open opens a file of the compact form by name ({@link #INDEX}, {@link #chunkName});
   *     returns null when it does not exist. Null for the library's own resources.
   * @param sourceName how error messages name the data
   */
  CompactCatalog(Function<String, InputStream> open, String sourceName) {
    this.open = open;
    this.sourceName = sourceName;
  }

  /** The name of the chunk of the provider at this index of the index. */
  static String chunkName(int providerIndex) {
    return "p" + providerIndex + ".bin";
  }

  /** Reads the index; the providers read their models from their chunks on first need. */
  List<CatalogProvider> readIndex() {
    try (DataInputStream in = openData(INDEX)) {
      int count = in.readInt();
      providerCount = count;
      List<CatalogProvider> providers = new ArrayList<>(count);
      for (int p = 0; p < count; p++) {
        String id = in.readUTF();
        int modelCount = in.readInt();
        MatchClause modelMatch = readClause(in);
        MatchClause providerMatch = readClause(in);
        int fallbackCount = in.readInt();
        List<String> fallbacks = new ArrayList<>(fallbackCount);
        for (int i = 0; i < fallbackCount; i++) {
          fallbacks.add(in.readUTF());
        }
        providers.add(
            CatalogProvider.lazy(id, modelMatch, providerMatch, fallbacks, modelCount, this, p));
      }
      return providers;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "price data " + sourceName + INDEX + " cannot be read: " + e, e);
    }
  }

  /** The filter of the provider at this index of the index; reads every provider's on first use. */
  CatalogProvider.Filter filter(int provider) {
    CatalogProvider.Filter[] f = filters;
    if (f == null) {
      synchronized (this) {
        f = filters;
        if (f == null) {
          f = readFilters();
          filters = f;
        }
      }
    }
    return f[provider];
  }

  private CatalogProvider.Filter[] readFilters() {
    try (DataInputStream in = openData(FILTERS)) {
      int count = providerCount;
      if (in.readInt() != count) {
        throw new IllegalStateException(
            "price data " + sourceName + FILTERS + " does not match " + INDEX);
      }
      CatalogProvider.Filter[] result = new CatalogProvider.Filter[count];
      for (int p = 0; p < count; p++) {
        int[] hashes = new int[in.readInt()];
        for (int i = 0; i < hashes.length; i++) {
          hashes[i] = in.readInt();
        }
        MatchClause[] rules = new MatchClause[in.readInt()];
        for (int i = 0; i < rules.length; i++) {
          rules[i] = readClause(in);
        }
        result[p] = new CatalogProvider.Filter(hashes, rules);
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "price data " + sourceName + FILTERS + " cannot be read: " + e, e);
    }
  }

  /**
   * The models of the provider at this index of the index, in file order, read from its chunk; each
   * keeps its prices as bytes until it is first priced ({@link #decodePrices}).
   */
  List<CatalogModel> readModels(int provider, String providerId) {
    String chunk = chunkName(provider);
    try (DataInputStream in = openData(chunk)) {
      String id = in.readUTF();
      if (!id.equals(providerId)) {
        throw new IllegalStateException(
            "price data " + sourceName + chunk + " is of provider '" + id + "', not " + providerId);
      }
      int count = in.readInt();
      List<CatalogModel> models = new ArrayList<>(count);
      for (int m = 0; m < count; m++) {
        String modelId = in.readUTF();
        MatchClause match = readClause(in);
        byte[] prices = new byte[in.readInt()];
        in.readFully(prices);
        models.add(
            new CatalogModel(
                match, CatalogPrice.encoded(providerId, modelId, this, provider, prices)));
      }
      return models;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "price data " + sourceName + chunk + " cannot be read: " + e, e);
    }
  }

  /** Decodes the prices {@link #readModels} kept as bytes, in file order. */
  List<ConditionalPrice> decodePrices(byte[] encoded, int provider, String modelId) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      int count = in.readInt();
      List<ConditionalPrice> prices = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        PriceConstraint constraint = readConstraint(in);
        prices.add(new ConditionalPrice(constraint, readPriceSet(in)));
      }
      if (in.read() != -1) {
        throw new IOException("bytes left after the prices");
      }
      return prices;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "price data "
              + sourceName
              + chunkName(provider)
              + " has unreadable prices for '"
              + modelId
              + "': "
              + e,
          e);
    }
  }

  private DataInputStream openData(String name) throws IOException {
    InputStream raw =
        open == null
            ? CompactCatalog.class.getResourceAsStream(DIRECTORY + name)
            : open.apply(name);
    if (raw == null) {
      throw new IllegalStateException(
          "price data " + sourceName + name + " is missing (the library was built without it)");
    }
    DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 16 * 1024));
    int magic = in.readInt();
    int version = in.readInt();
    if (magic != MAGIC || version != VERSION) {
      in.close();
      throw new IllegalStateException(
          "price data " + sourceName + name + " is not compact price data of version " + VERSION);
    }
    return in;
  }

  private static MatchClause readClause(DataInputStream in) throws IOException {
    byte kind = in.readByte();
    switch (kind) {
      case NO_CLAUSE:
        return null;
      case EQUALS:
        return new EqualsClause(in.readUTF());
      case STARTS_WITH:
        return new StartsWithClause(in.readUTF());
      case ENDS_WITH:
        return new EndsWithClause(in.readUTF());
      case CONTAINS:
        return new ContainsClause(in.readUTF());
      case REGEX:
        return RegexClause.ofCheckedSource(in.readUTF());
      case ANY_OF:
        return new AnyOfClause(readClauses(in));
      case ALL_OF:
        return new AllOfClause(readClauses(in));
      default:
        throw new IOException("unknown clause kind " + kind);
    }
  }

  private static List<MatchClause> readClauses(DataInputStream in) throws IOException {
    int count = in.readInt();
    List<MatchClause> clauses = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      MatchClause c = readClause(in);
      if (c == null) {
        throw new IOException("a nested clause is missing");
      }
      clauses.add(c);
    }
    return clauses;
  }

  private static PriceConstraint readConstraint(DataInputStream in) throws IOException {
    byte kind = in.readByte();
    switch (kind) {
      case ALWAYS:
        return null;
      case START_DATE:
        return new StartDateConstraint(LocalDate.ofEpochDay(in.readLong()));
      case TIME_OF_DAY:
        return new TimeOfDayConstraint(
            LocalTime.ofNanoOfDay(in.readLong()), LocalTime.ofNanoOfDay(in.readLong()));
      default:
        throw new IOException("unknown constraint kind " + kind);
    }
  }

  private static PriceSet readPriceSet(DataInputStream in) throws IOException {
    int count = in.readInt();
    Map<UsageComponent, TieredPrice> prices = new EnumMap<>(UsageComponent.class);
    for (int i = 0; i < count; i++) {
      String key = in.readUTF();
      UsageComponent component = UsageUnits.forPriceKey(key);
      if (component == null) {
        throw new IOException("unknown price key " + key);
      }
      double base = in.readDouble();
      int tiers = in.readInt();
      if (tiers == 0) {
        prices.put(component, TieredPrice.flat(base));
      } else {
        long[] starts = new long[tiers];
        double[] tierPrices = new double[tiers];
        for (int t = 0; t < tiers; t++) {
          starts[t] = in.readLong();
          tierPrices[t] = in.readDouble();
        }
        prices.put(component, TieredPrice.tiered(base, starts, tierPrices));
      }
    }
    Double requests = in.readBoolean() ? in.readDouble() : null;
    return PriceSet.of(prices, requests);
  }
}
