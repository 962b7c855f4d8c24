/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.deployment;

import io.last9.genai.quarkus.internal.Last9Producer;
import io.last9.genai.quarkus.internal.Last9SdkCustomizer;
import io.last9.genai.quarkus.internal.MemoryIdConversationWrapper;
import io.last9.genai.quarkus.internal.ModelSpanContributor;
import io.last9.genai.quarkus.internal.RequestConversationFilter;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.bootstrap.classloading.QuarkusClassLoader;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourceBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.RuntimeInitializedClassBuildItem;

/**
 * The build steps of the last9-genai extension: the processor producer and the SDK customizer
 * always, the request filter when the application serves HTTP, the quarkus-langchain4j hooks when
 * it has quarkus-langchain4j.
 */
class Last9GenAiProcessor {

  static final String FEATURE = "last9-genai";

  /** quarkus-langchain4j's hook for wrapping AI service calls. */
  static final String AI_SERVICE_SUPPORT =
      "io.quarkiverse.langchain4j.runtime.aiservice.AiServiceMethodImplementationSupport";

  @BuildStep
  FeatureBuildItem feature() {
    return new FeatureBuildItem(FEATURE);
  }

  @BuildStep
  void beans(Capabilities capabilities, BuildProducer<AdditionalBeanBuildItem> beans) {
    AdditionalBeanBuildItem.Builder b =
        AdditionalBeanBuildItem.builder()
            .setUnremovable()
            .addBeanClasses(Last9Producer.class, Last9SdkCustomizer.class);
    if (capabilities.isPresent(Capability.VERTX_HTTP)) {
      b.addBeanClass(RequestConversationFilter.class);
    }
    if (QuarkusClassLoader.isClassPresentAtRuntime(AI_SERVICE_SUPPORT)) {
      b.addBeanClasses(MemoryIdConversationWrapper.class, ModelSpanContributor.class);
    }
    beans.produce(b.build());
  }

  /**
   * Native image: the AI service call's arguments are read by reflection; the bundled price catalog
   * is a class-path resource; the producer (which reads the settings) runs at run time.
   */
  @BuildStep
  void nativeImage(
      BuildProducer<ReflectiveClassBuildItem> reflective,
      BuildProducer<RuntimeInitializedClassBuildItem> runtimeInitialized,
      BuildProducer<NativeImageResourceBuildItem> resources) {
    resources.produce(
        new NativeImageResourceBuildItem(
            "io/last9/genai/pricing/genai-prices.json", "io/last9/genai/version.properties"));
    if (QuarkusClassLoader.isClassPresentAtRuntime(AI_SERVICE_SUPPORT)) {
      reflective.produce(
          ReflectiveClassBuildItem.builder(AI_SERVICE_SUPPORT + "$Input").fields().build());
    }
    runtimeInitialized.produce(new RuntimeInitializedClassBuildItem(Last9Producer.class.getName()));
  }
}
