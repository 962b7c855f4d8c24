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
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

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
    open(explorer.url(), "Conversations");
    screenshot("conversations");
    browser.findElement(By.linkText(SampleTraffic.CONVERSATION)).click();
    waitFor(ExpectedConditions.urlMatches("/conversations/" + SampleTraffic.CONVERSATION + "$"));

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
    open(explorer.url() + "conversations/" + PythonShapedSpans.CONVERSATION, "Conversation");
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
    open(explorer.url() + "spend", "Spend");
    WebElement chart = browser.findElement(By.id("spend-chart"));
    assertThat(chart.findElements(By.tagName("rect"))).hasSizeGreaterThanOrEqualTo(2);
    assertThat(browser.findElement(By.cssSelector("#spend tfoot")).getText()).contains("Total");
    screenshot("spend");
    open(explorer.url() + "workflows", "Workflows");
    assertThat(browser.findElement(By.id("workflow-runs")).getText())
        .contains("rag_001", "generate_response");
    screenshot("workflows");
    open(explorer.url() + "users", "Users");
    assertThat(browser.findElement(By.id("users")).getText()).contains(SampleTraffic.USER);
    screenshot("users");
  }

  /**
   * Opens {@code url} and waits until the page titled {@code titlePrefix} is there: a navigation
   * can return to the driver before its document is committed (seen once in CI, on a fresh
   * browser's first page). A page that never comes fails with what the browser shows instead.
   */
  private void open(String url, String titlePrefix) {
    browser.get(url);
    waitFor(d -> d.getTitle().startsWith(titlePrefix));
  }

  private void waitFor(ExpectedCondition<Boolean> condition) {
    try {
      new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition);
    } catch (TimeoutException e) {
      String page = browser.getPageSource();
      throw new AssertionError(
          "the browser shows "
              + browser.getCurrentUrl()
              + " titled '"
              + browser.getTitle()
              + "': "
              + page.substring(0, Math.min(page.length(), 600)),
          e);
    }
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
