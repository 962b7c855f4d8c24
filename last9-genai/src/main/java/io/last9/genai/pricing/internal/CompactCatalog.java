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

  private CompactCatalog() {}

  /** The name of the chunk of the provider at this index of the index. */
  static String chunkName(int providerIndex) {
    return "p" + providerIndex + ".bin";
  }

  /**
   * Reads the index; the providers read their models from their chunks on first need.
   *
   * @param open opens a file of the compact form by name ({@link #INDEX}, {@link #chunkName});
   *     returns null when it does not exist
   * @param sourceName how error messages name the data
   */
  static List<CatalogProvider> read(Function<String, InputStream> open, String sourceName) {
    try (DataInputStream in = openData(open, INDEX, sourceName)) {
      int count = in.readInt();
      Filters filters = new Filters(open, sourceName, count);
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
        int index = p;
        String chunk = chunkName(p);
        providers.add(
            CatalogProvider.lazy(
                id,
                modelMatch,
                providerMatch,
                fallbacks,
                modelCount,
                () -> filters.of(index),
                () -> readChunk(open, chunk, id, sourceName)));
      }
      return providers;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "price data " + sourceName + INDEX + " cannot be read: " + e, e);
    }
  }

  /** The filters of every provider, read together on the first search of every provider. */
  private static final class Filters {
    private final Function<String, InputStream> open;
    private final String sourceName;
    private final int count;
    private volatile CatalogProvider.Filter[] filters;

    Filters(Function<String, InputStream> open, String sourceName, int count) {
      this.open = open;
      this.sourceName = sourceName;
      this.count = count;
    }

    CatalogProvider.Filter of(int provider) {
      CatalogProvider.Filter[] f = filters;
      if (f == null) {
        synchronized (this) {
          f = filters;
          if (f == null) {
            f = read();
            filters = f;
          }
        }
      }
      return f[provider];
    }

    private CatalogProvider.Filter[] read() {
      try (DataInputStream in = openData(open, FILTERS, sourceName)) {
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
  }

  private static List<CatalogModel> readChunk(
      Function<String, InputStream> open, String chunk, String providerId, String sourceName) {
    try (DataInputStream in = openData(open, chunk, sourceName)) {
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
                match,
                CatalogPrice.decodedOnFirstUse(
                    providerId, modelId, () -> readPrices(prices, chunk, modelId, sourceName))));
      }
      return models;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "price data " + sourceName + chunk + " cannot be read: " + e, e);
    }
  }

  private static List<ConditionalPrice> readPrices(
      byte[] encoded, String chunk, String modelId, String sourceName) {
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
          "price data " + sourceName + chunk + " has unreadable prices for '" + modelId + "': " + e,
          e);
    }
  }

  private static DataInputStream openData(
      Function<String, InputStream> open, String name, String sourceName) throws IOException {
    InputStream raw = open.apply(name);
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
