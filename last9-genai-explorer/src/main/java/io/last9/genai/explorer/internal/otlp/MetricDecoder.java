/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.otlp;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.explorer.internal.store.CostPoint;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads the points of the {@code gen_ai.client.cost} counter out of an OTLP metrics export; every
 * other metric is acknowledged and dropped. Internal, not for public use.
 */
public final class MetricDecoder {

  /** The cost counter's name. */
  public static final String COST_METRIC = "gen_ai.client.cost";

  private MetricDecoder() {}

  public static List<CostPoint> costPoints(ExportMetricsServiceRequest request) {
    List<CostPoint> out = new ArrayList<>();
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      String resource = attributes(rm.getResource().getAttributesList());
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          if (!COST_METRIC.equals(m.getName()) || !m.hasSum()) {
            continue;
          }
          boolean cumulative =
              m.getSum().getAggregationTemporality()
                  != AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
          for (NumberDataPoint p : m.getSum().getDataPointsList()) {
            double value =
                p.getValueCase() == NumberDataPoint.ValueCase.AS_INT
                    ? p.getAsInt()
                    : p.getAsDouble();
            String model = null;
            String provider = null;
            String workflowType = null;
            for (KeyValue kv : p.getAttributesList()) {
              String key = kv.getKey();
              if (key.equals(GenAiAttributes.RESPONSE_MODEL.getKey())) {
                model = kv.getValue().getStringValue();
              } else if (key.equals(GenAiAttributes.PROVIDER_NAME.getKey())) {
                provider = kv.getValue().getStringValue();
              } else if (key.equals(GenAiAttributes.WORKFLOW_TYPE.getKey())) {
                workflowType = kv.getValue().getStringValue();
              }
            }
            out.add(
                new CostPoint(
                    resource + "|" + attributes(p.getAttributesList()),
                    p.getStartTimeUnixNano(),
                    p.getTimeUnixNano(),
                    cumulative,
                    value,
                    model,
                    provider,
                    workflowType));
          }
        }
      }
    }
    return out;
  }

  /** A stable text of a set of attributes: sorted by key. */
  private static String attributes(List<KeyValue> list) {
    TreeMap<String, String> sorted = new TreeMap<>();
    for (KeyValue kv : list) {
      sorted.put(kv.getKey(), kv.getValue().toString().strip());
    }
    return sorted.toString();
  }
}
