/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser (Debian's headless Chromium, driven by Selenium through Debian's chromedriver)
 * opens the conversation list, follows a conversation, and reads its turns, messages and costs;
 * hostile content must show as text and run nothing. Screenshots go to target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplorerBrowserTest {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Explorer explorer;
  private ChromeDriver browser;

  @BeforeAll
  void start() throws IOException {
    explorer = Explorer.start(ExplorerOptions.builder().port(0).grpcPort(0).build());
    SampleTraffic.send(explorer.url() + "v1/traces", "none");
    assertThat(
            Http.postJson(
                    explorer.url() + "v1/traces",
                    PythonShapedSpans.request(Instant.now().toEpochMilli() * 1_000_000L))
                .statusCode())
        .isEqualTo(200);
    File driver = new File(System.getProperty("chromedriver", "/usr/bin/chromedriver"));
    File chromium = new File(System.getProperty("chromium", "/usr/bin/chromium"));
    assertThat(driver.canExecute())
        .as(driver + " (apt-get install -y chromium chromium-driver; .ci/run does)")
        .isTrue();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1360,1000");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  void stop() {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      explorer.close();
    }
  }

  @Test
  void followsAConversationAndReadsItsTurnsMessagesAndCosts() throws IOException {
    browser.get(explorer.url());
    assertThat(browser.getTitle()).startsWith("Conversations");
    screenshot("conversations");
    browser.findElement(By.linkText(SampleTraffic.CONVERSATION)).click();
    assertThat(browser.getCurrentUrl()).endsWith("/conversations/" + SampleTraffic.CONVERSATION);

    List<WebElement> turns = browser.findElements(By.cssSelector("section.turn"));
    assertThat(turns).hasSize(2);
    assertThat(turns.get(0).findElement(By.className("turn-no")).getText()).isEqualTo("Turn 1");
    assertThat(turns.get(0).findElement(By.cssSelector(".msg.user .body")).getText())
        .isEqualTo(SampleTraffic.QUESTION_1);
    assertThat(turns.get(0).findElement(By.cssSelector(".msg.assistant .body")).getText())
        .contains(SampleTraffic.ANSWER_1);
    assertThat(turns.get(0).findElement(By.className("turn-cost")).getText())
        .isEqualTo(usd(SampleTraffic.price(SampleTraffic.TURN_1)));
    assertThat(turns.get(1).findElement(By.className("turn-no")).getText()).isEqualTo("Turn 2");
    assertThat(turns.get(1).findElement(By.cssSelector(".msg.user .body")).getText())
        .isEqualTo(SampleTraffic.QUESTION_2);
    assertThat(turns.get(1).findElement(By.cssSelector(".msg.assistant .body")).getText())
        .contains(SampleTraffic.ANSWER_2);
    double turn2 =
        SampleTraffic.price(SampleTraffic.RERANK) + SampleTraffic.price(SampleTraffic.GENERATE);
    assertThat(turns.get(1).findElement(By.className("turn-cost")).getText()).isEqualTo(usd(turn2));
    assertThat(turns.get(1).getText()).contains("generate_response", "workflow");
    assertThat(browser.findElement(By.cssSelector("#card-total-cost .value")).getText())
        .isEqualTo(usd(SampleTraffic.price(SampleTraffic.TURN_1) + turn2));
    screenshot("conversation");
  }

  @Test
  void hostileContentShowsAsTextAndRunsNothing() throws IOException {
    browser.get(explorer.url() + "conversations/" + PythonShapedSpans.CONVERSATION);
    WebElement question = browser.findElement(By.cssSelector(".msg.user .body"));
    assertThat(question.getText()).isEqualTo(PythonShapedSpans.HOSTILE_PROMPT);
    assertThat(question.findElements(By.tagName("img"))).isEmpty();
    assertThat(question.findElements(By.tagName("a"))).isEmpty();
    assertThat(browser.findElements(By.tagName("script"))).isEmpty();
    // a script that ran would have opened an alert; the page would not take further commands
    assertThat(browser.switchTo().defaultContent().getTitle()).startsWith("Conversation");
    assertThat(browser.findElement(By.cssSelector(".turn-cost")).getText()).contains("est.");
  }

  @Test
  void drawsTheSpendChartAndOtherPages() throws IOException {
    browser.get(explorer.url() + "spend");
    WebElement chart = browser.findElement(By.id("spend-chart"));
    assertThat(chart.findElements(By.tagName("rect"))).hasSizeGreaterThanOrEqualTo(2);
    assertThat(browser.findElement(By.cssSelector("#spend tfoot")).getText()).contains("Total");
    screenshot("spend");
    browser.get(explorer.url() + "workflows");
    assertThat(browser.findElement(By.id("workflow-runs")).getText())
        .contains("rag_001", "generate_response");
    screenshot("workflows");
    browser.get(explorer.url() + "users");
    assertThat(browser.findElement(By.id("users")).getText()).contains(SampleTraffic.USER);
    screenshot("users");
  }

  private void screenshot(String name) throws IOException {
    Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
  }

  /** The page's own format for these amounts: 4 decimals above a cent, else 6. */
  private static String usd(double v) {
    if (v >= 1) {
      return String.format(java.util.Locale.ROOT, "$%,.2f", v);
    }
    return String.format(java.util.Locale.ROOT, v >= 0.01 ? "$%.4f" : "$%.6f", v);
  }
}
