/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContentCaptureTest {

  @Test
  void theCaptureSwitchUnderstandsTheSpellingsUsersWriteAndFailsClosedOnTypos() {
    String saved = System.getProperty(ContentCapture.PROPERTY);
    try {
      for (String off : List.of("false", "0", "no", "OFF", " disabled ", "flase")) {
        System.setProperty(ContentCapture.PROPERTY, off);
        assertThat(ContentCapture.readDefault()).as(off).isFalse();
      }
      for (String on : List.of("true", "1", "yes", "On", "enabled")) {
        System.setProperty(ContentCapture.PROPERTY, on);
        assertThat(ContentCapture.readDefault()).as(on).isTrue();
      }
    } finally {
      if (saved == null) {
        System.clearProperty(ContentCapture.PROPERTY);
      } else {
        System.setProperty(ContentCapture.PROPERTY, saved);
      }
    }
  }
}
