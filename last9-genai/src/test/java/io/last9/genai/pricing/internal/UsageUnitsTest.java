/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.pricing.UsageComponent;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The relations between usage components, as their dimensions define them, computed here from the
 * dimensions as maps (the plain reading of the definition) and compared with the tables pricing
 * uses.
 */
class UsageUnitsTest {

  private static final UsageComponent[] COMPONENTS = UsageComponent.values();

  private static Map<String, String> dims(int ordinal) {
    Map<String, String> m = new HashMap<>();
    for (String pair : UsageUnits.dimensions(ordinal).split(",")) {
      int eq = pair.indexOf('=');
      m.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return m;
  }

  @Test
  void tablesFollowTheDimensions() {
    Map<Map<String, String>, Integer> byDims = new HashMap<>();
    for (int i = 0; i < COMPONENTS.length; i++) {
      byDims.put(dims(i), i);
    }
    int joins = 0;
    for (int a = 0; a < COMPONENTS.length; a++) {
      Map<String, String> da = dims(a);
      assertThat(UsageUnits.dimensionCount(a)).isEqualTo(da.size());
      String direction = da.get("direction");
      assertThat(UsageUnits.direction(a))
          .as(COMPONENTS[a].name())
          .isEqualTo(
              "input".equals(direction)
                  ? UsageUnits.INPUT
                  : "output".equals(direction) ? UsageUnits.OUTPUT : UsageUnits.NO_DIRECTION);
      assertThat(UsageUnits.forPriceKey(COMPONENTS[a].priceKey())).isSameAs(COMPONENTS[a]);
      for (int b = 0; b < COMPONENTS.length; b++) {
        Map<String, String> db = dims(b);
        boolean partOf = a != b && db.entrySet().containsAll(da.entrySet());
        assertThat((UsageUnits.ancestors(b) & 1L << a) != 0)
            .as("%s part of %s", COMPONENTS[b], COMPONENTS[a])
            .isEqualTo(partOf);
        assertThat((UsageUnits.descendants(a) & 1L << b) != 0).isEqualTo(partOf);
        boolean compatible = true;
        for (Map.Entry<String, String> e : da.entrySet()) {
          String other = db.get(e.getKey());
          compatible &= other == null || other.equals(e.getValue());
        }
        assertThat(UsageUnits.compatible(a, b))
            .as("%s compatible with %s", COMPONENTS[a], COMPONENTS[b])
            .isEqualTo(compatible);
        int join = -1;
        if (compatible) {
          Map<String, String> union = new HashMap<>(da);
          union.putAll(db);
          join = byDims.getOrDefault(union, -1);
        }
        assertThat(UsageUnits.join(a, b)).isEqualTo(join);
        joins += join >= 0 ? 1 : 0;
      }
    }
    // for instance cache reads and audio input join in cached audio input
    assertThat(
            UsageUnits.join(
                UsageComponent.CACHE_READ_TOKENS.ordinal(),
                UsageComponent.INPUT_AUDIO_TOKENS.ordinal()))
        .isEqualTo(UsageComponent.CACHE_AUDIO_READ_TOKENS.ordinal());
    assertThat(joins).isGreaterThan(COMPONENTS.length);
  }
}
