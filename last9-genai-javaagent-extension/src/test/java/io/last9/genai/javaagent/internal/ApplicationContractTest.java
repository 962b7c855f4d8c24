/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.bridge.BridgeContract;
import io.last9.genai.javaagent.CapturedWarnings;
import io.last9.genai.javaagent.ContractFixtures;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension reads the bridge contract version of the last9-genai a class loader sees from its
 * class files, bridges only a version it supports, and says once per other version that it does
 * not, naming both.
 */
class ApplicationContractTest {

  @TempDir Path dir;

  private CapturedWarnings warnings;

  @BeforeEach
  void capture() {
    warnings = CapturedWarnings.of(ApplicationContract.class.getName());
  }

  @AfterEach
  void release() {
    warnings.close();
  }

  @Test
  void readsTheVersionOfTheLibraryALoaderSees() throws IOException {
    assertThat(ApplicationContract.versionIn(getClass().getClassLoader()))
        .isEqualTo(BridgeContract.VERSION);
    try (URLClassLoader other = loaderOver(ContractFixtures.contractOfVersion(dir, 7))) {
      assertThat(ApplicationContract.versionIn(other)).isEqualTo(7);
    }
  }

  @Test
  void aLibraryWithoutTheContractClassIsVersion0() throws IOException {
    try (URLClassLoader core = loaderOver(ContractFixtures.coreWithoutContract(dir))) {
      assertThat(core.getResource("io/last9/genai/ConversationContext.class")).isNotNull();

      assertThat(ApplicationContract.versionIn(core)).isZero();
    }
  }

  @Test
  void bridgesOnlyASupportedVersionAndWarnsOncePerOtherVersionNamingBoth() throws IOException {
    int newer = BridgeContract.VERSION + 1;
    try (URLClassLoader before = loaderOver(ContractFixtures.coreWithoutContract(sub("a")));
        URLClassLoader alsoBefore = loaderOver(ContractFixtures.coreWithoutContract(sub("b")));
        URLClassLoader after = loaderOver(ContractFixtures.contractOfVersion(sub("c"), newer))) {

      assertThat(ApplicationContract.bridges(getClass().getClassLoader())).isTrue();
      assertThat(warnings.records()).isEmpty();

      assertThat(ApplicationContract.bridges(before)).isFalse();
      assertThat(ApplicationContract.bridges(before)).isFalse();
      assertThat(ApplicationContract.bridges(alsoBefore)).isFalse();
      assertThat(ApplicationContract.bridges(after)).isFalse();

      assertThat(warnings.records())
          .extracting(LogRecord::getMessage)
          .satisfiesExactly(
              m ->
                  assertThat(m)
                      .contains("has bridge contract version 0 (none")
                      .contains("this Java agent extension has version " + BridgeContract.VERSION)
                      .contains("@ObserveGenAi methods are not woven"),
              m ->
                  assertThat(m)
                      .contains("has bridge contract version " + newer + " and")
                      .contains("this Java agent extension has version " + BridgeContract.VERSION));
    }
  }

  @Test
  void aContractThatCannotBeReadIsNotBridgedAndSaysSoOnce() throws IOException {
    Path broken = sub("broken");
    Path contract = broken.resolve("io/last9/genai/bridge/BridgeContract.class");
    Files.createDirectories(contract.getParent());
    Files.write(contract, new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 1, 2});
    try (URLClassLoader a = loaderOver(broken);
        URLClassLoader b = loaderOver(broken)) {

      assertThat(ApplicationContract.bridges(a)).isFalse();
      assertThat(ApplicationContract.bridges(b)).isFalse();

      assertThat(warnings.records())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getMessage()).contains("cannot read the bridge contract version");
                assertThat(r.getThrown()).isNotNull();
              });
    }
  }

  @Test
  void theBootClassPathHasNoApplication() {
    assertThat(ApplicationContract.bridges(null)).isFalse();
    assertThat(warnings.records()).isEmpty();
  }

  private Path sub(String name) throws IOException {
    return Files.createDirectories(dir.resolve(name));
  }

  /** A class loader that sees only {@code classes} (and the JDK). */
  private static URLClassLoader loaderOver(Path classes) throws IOException {
    return new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
  }
}
