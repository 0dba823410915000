package io.github.bertner.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bertner.inference.DefaultModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page in a real browser: headless Chromium driven by Selenium through the system's
 * chromedriver (nothing is downloaded), against a server on a free loopback port. The models are
 * {@link FakeTagger} dictionaries, so every span, type, toggle, threshold and flag is asserted exactly;
 * one smoke check runs the committed English model.
 *
 * <p>The browser is looked up at {@code -Dbertner.chromium}, {@code $CHROME_BIN}, {@code /usr/bin/chromium},
 * then {@code chromium} on {@code $PATH}; the driver at {@code -Dbertner.chromedriver}, {@code $CHROMEDRIVER},
 * {@code /usr/bin/chromedriver}, then {@code chromedriver} on {@code $PATH}.
 * Without them the test fails with a message saying how to install them ({@code .ci/run} installs both);
 * a developer without a browser opts out explicitly with {@code -Dbertner.skipBrowserTest=true}, which
 * reports each test as skipped.
 *
 * <p>Screenshots go to {@code target/screenshots/}; {@code -Dbertner.screenshots=docs/img} writes the
 * committed ones instead (a test run never touches tracked files by default).
 */
class ServeBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static NerServer server;
    private static WebDriver driver;
    private static Path screenshots;
    private static String missing;

    @BeforeAll
    static void start() throws IOException {
        Path chromium = find("bertner.chromium", "CHROME_BIN", "/usr/bin/chromium");
        Path chromedriver = find("bertner.chromedriver", "CHROMEDRIVER", "/usr/bin/chromedriver");
        if (chromium == null || chromedriver == null) {
            String message = "browser test needs chromium and chromedriver (found chromium: " + chromium
                    + ", chromedriver: " + chromedriver + "); install them with `apt-get install -y chromium"
                    + " chromium-driver` or point -Dbertner.chromium / -Dbertner.chromedriver at them";
            if (!Boolean.getBoolean("bertner.skipBrowserTest")) {
                throw new IllegalStateException(message + " (or skip it explicitly: -Dbertner.skipBrowserTest=true)");
            }
            // skipped per test (below), so the report lists each test as skipped with this message
            missing = message + "; skipped on request (-Dbertner.skipBrowserTest=true)";
            System.err.println("ServeBrowserTest: " + missing);
            return;
        }
        screenshots = Path.of(System.getProperty("bertner.screenshots", "target/screenshots"));
        Files.createDirectories(screenshots);
        NerService service = NerService.builder().addModel("en", new FakeTagger("fake-en", false))
                .addModel("ru", new FakeTagger("fake-ru", false)).build();
        server = NerServer.builder(service).optHost("127.0.0.1").optPort(0).optShutdownGraceSeconds(2).start();
        driver = browser(chromium, chromedriver);
    }

    @BeforeEach
    void requireBrowser() {
        Assumptions.assumeTrue(missing == null, missing);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    /** The first executable of: the system property, the environment variable, the fallback, the name on $PATH. */
    private static Path find(String property, String env, String fallback) {
        List<String> candidates = new ArrayList<>();
        candidates.add(System.getProperty(property));
        candidates.add(System.getenv(env));
        candidates.add(fallback);
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, Path.of(fallback).getFileName().toString()).toString());
                }
            }
        }
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank() && Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    private static WebDriver browser(Path chromium, Path chromedriver) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-extensions", "--no-first-run", "--window-size=1280,900", "--lang=en-US",
                "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static String base() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(driver, WAIT);
    }

    /** Opens the page and waits until it has read the models from /health. */
    private static void open(String modelText) {
        driver.get(base());
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("models"), modelText));
    }

    private static List<String> marks(String selector) {
        List<String> out = new ArrayList<>();
        for (WebElement m : driver.findElements(By.cssSelector(selector))) {
            out.add(m.getText() + "/" + m.getAttribute("data-type"));
        }
        return out;
    }

    private static String background(WebElement e) {
        return e.getCssValue("background-color");
    }

    private static WebElement mark(String scope, String text) {
        for (WebElement m : driver.findElements(By.cssSelector(scope + " mark.ent"))) {
            if (m.getText().equals(text)) {
                return m;
            }
        }
        throw new AssertionError("no highlighted '" + text + "' in " + scope + ": " + marks(scope + " mark.ent"));
    }

    private static WebElement toggle(String type) {
        return driver.findElement(By.cssSelector("#legend input.type-toggle[data-type='" + type + "']"));
    }

    /** Saves the whole page (not just the window) as a PNG, the focus outline removed. */
    private static void screenshot(String name) throws IOException {
        ChromeDriver chrome = (ChromeDriver) driver;
        chrome.executeScript("if (document.activeElement) { document.activeElement.blur(); }");
        long height = ((Number) chrome.executeScript("return document.documentElement.scrollHeight;")).longValue();
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 1280,
                "height", (int) Math.min(3000, height), "deviceScaleFactor", 1, "mobile", false));
        try {
            Path shot = chrome.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, screenshots.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    private static final String TRANSPARENT = "rgba(0, 0, 0, 0)";
    private static final String PER_COLOUR = "rgba(244, 163, 163, 1)";

    @Test
    void englishTextSpansTypeTogglesAndThreshold() throws IOException {
        open("en: fake-en");
        String text = "Angela Feldstein met Siemens in Berlin. Tesla moved to Moscow.";
        WebElement area = driver.findElement(By.id("text"));
        area.clear();
        area.sendKeys(text);
        assertEquals("en", new Select(driver.findElement(By.id("lang"))).getFirstSelectedOption().getText());
        driver.findElement(By.id("tag-btn")).click();
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#output mark.ent"), 5));

        // spans: exact texts and types, the rest of the text untouched around them
        assertEquals(List.of("Angela Feldstein/PER", "Siemens/ORG", "Berlin/LOC", "Tesla/PER", "Moscow/LOC"),
                marks("#output mark.ent"));
        assertEquals(text, ((JavascriptExecutor) driver).executeScript(
                "return document.getElementById('output').textContent;"));
        assertEquals(List.of("1 Angela Feldstein PER 0.970 0–16", "2 Siemens ORG 0.800 21–28",
                        "3 Berlin LOC 0.550 32–38", "4 Tesla PER 0.700 40–45", "5 Moscow LOC 0.910 55–61"),
                driver.findElements(By.cssSelector("#entities tbody tr")).stream().map(WebElement::getText).toList());
        assertTrue(driver.findElement(By.id("error")).getAttribute("class").contains("hidden"));

        // one toggle per type, in text order, with its count
        assertEquals(List.of("PER 2", "ORG 1", "LOC 2"), driver.findElements(By.cssSelector("#legend .legend-item"))
                .stream().map(e -> e.getText().replaceAll("\\s+", " ")).toList());
        WebElement angela = mark("#output", "Angela Feldstein");
        WebElement tesla = mark("#output", "Tesla");
        WebElement berlin = mark("#output", "Berlin");
        WebElement moscow = mark("#output", "Moscow");
        assertEquals(PER_COLOUR, background(angela));
        String locColour = background(moscow);
        assertNotEquals(TRANSPARENT, locColour);

        // hiding PER removes the highlighting of both PER spans (and their table rows), nothing else
        toggle("PER").click();
        assertFalse(toggle("PER").isSelected());
        assertEquals(TRANSPARENT, background(angela));
        assertEquals(TRANSPARENT, background(tesla));
        assertEquals(locColour, background(moscow));
        assertNotEquals(TRANSPARENT, background(mark("#output", "Siemens")));
        assertEquals(List.of("Siemens", "Berlin", "Moscow"), visibleRows());
        // the text stays, only its highlighting goes
        assertTrue(angela.isDisplayed());
        assertEquals("Angela Feldstein", angela.getText());
        toggle("LOC").click();
        assertEquals(TRANSPARENT, background(moscow));
        assertEquals(List.of("Siemens"), visibleRows());
        toggle("PER").click();
        toggle("LOC").click();
        assertEquals(PER_COLOUR, background(angela));
        assertEquals(locColour, background(moscow));
        assertEquals(5, visibleRows().size());

        // the confidence slider: at 0.60 only Berlin (0.55) loses its highlighting
        WebElement slider = driver.findElement(By.id("threshold"));
        for (int i = 0; i < 60; i++) {
            slider.sendKeys(Keys.ARROW_RIGHT);
        }
        assertEquals("0.60", driver.findElement(By.id("threshold-value")).getText());
        assertEquals(TRANSPARENT, background(berlin));
        assertEquals(PER_COLOUR, background(tesla));
        assertEquals(locColour, background(moscow));
        assertEquals(List.of("Angela Feldstein", "Siemens", "Tesla", "Moscow"), visibleRows());
        // the download holds what is shown
        String jsonl = (String) ((JavascriptExecutor) driver).executeScript("return window.bertner.jsonl();");
        assertEquals(4, jsonl.lines().count(), jsonl);
        assertFalse(jsonl.contains("Berlin"), jsonl);
        slider.sendKeys(Keys.HOME);
        assertEquals("0.00", driver.findElement(By.id("threshold-value")).getText());
        assertEquals(locColour, background(berlin));

        screenshot("serve-demo.png");
    }

    private static List<String> visibleRows() {
        List<String> out = new ArrayList<>();
        for (WebElement tr : driver.findElements(By.cssSelector("#entities tbody tr"))) {
            if (tr.isDisplayed()) {
                out.add(tr.findElements(By.tagName("td")).get(1).getText());
            }
        }
        return out;
    }

    @Test
    void parallelRussianEnglishPairsShowMatchesAndFlags() throws IOException {
        open("ru: fake-ru");
        driver.findElement(By.id("mode-parallel")).click();
        assertTrue(driver.findElement(By.id("single")).getAttribute("class").contains("hidden"));
        new Select(driver.findElement(By.id("src-lang"))).selectByValue("ru");
        new Select(driver.findElement(By.id("tgt-lang"))).selectByValue("en");
        WebElement src = driver.findElement(By.id("src-text"));
        WebElement tgt = driver.findElement(By.id("tgt-text"));
        src.clear();
        tgt.clear();
        src.sendKeys("Фельдштейн и Газпром в Москве.\nАнгела приехала.\nТесла открыла завод в Москве.");
        tgt.sendKeys("Feldstein is in Moscow.\nAngela arrived in Berlin.\nTesla opened a plant in Moscow.");
        driver.findElement(By.id("compare-btn")).click();
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#pairs .pair"), 3));

        assertEquals("3 pairs, 7 flags", driver.findElement(By.id("pairs-summary")).getText());
        String p1 = "#pairs .pair[data-pair='0']";
        String p2 = "#pairs .pair[data-pair='1']";
        String p3 = "#pairs .pair[data-pair='2']";
        assertEquals(List.of("Фельдштейн/PER", "Газпром/ORG", "Москве/LOC"), marks(p1 + " .source mark.ent"));
        assertEquals(List.of("Feldstein/PER", "Moscow/LOC"), marks(p1 + " .target mark.ent"));
        assertEquals(List.of("Ангела/PER"), marks(p2 + " .source mark.ent"));
        assertEquals(List.of("Angela/PER", "Berlin/LOC"), marks(p2 + " .target mark.ent"));
        assertEquals(List.of("Тесла/ORG", "Москве/LOC"), marks(p3 + " .source mark.ent"));
        assertEquals(List.of("Tesla/PER", "Moscow/LOC"), marks(p3 + " .target mark.ent"));

        // missing: Газпром has no counterpart
        assertEquals("1. 3 source, 2 target entities; 2 matched (1 by type only); 1 missing in translation; ORG 1 → 0",
                driver.findElement(By.cssSelector(p1 + " .pair-summary")).getText());
        assertEquals(List.of("MISSING_IN_TRANSLATION", "COUNT_DIFFERS"), flagKinds(p1));
        assertEquals(List.of("ORG «Газпром» has no counterpart in the translation",
                "ORG: 1 in the source, 0 in the translation"), flagMessages(p1));
        assertEquals("Газпром", flagged(p1).getText());
        assertEquals("MISSING_IN_TRANSLATION", flagged(p1).getAttribute("data-flags"));
        assertEquals(List.of("missing"), badges(p1));
        // added: Berlin appears only in the translation
        assertEquals(List.of("ADDED_IN_TRANSLATION", "COUNT_DIFFERS"), flagKinds(p2));
        assertEquals(List.of("LOC «Berlin» has no counterpart in the source",
                "LOC: 0 in the source, 1 in the translation"), flagMessages(p2));
        assertEquals("Berlin", flagged(p2).getText());
        assertEquals(List.of("added"), badges(p2));
        // type changed: Тесла (ORG) is matched by name to Tesla (PER), both flagged
        assertEquals(List.of("TYPE_CHANGED", "COUNT_DIFFERS", "COUNT_DIFFERS"), flagKinds(p3));
        assertEquals("«Тесла» is ORG in the source, «Tesla» is PER in the translation", flagMessages(p3).get(0));
        assertEquals(List.of("Тесла", "Tesla"), driver.findElements(By.cssSelector(p3 + " mark.ent.flagged"))
                .stream().map(WebElement::getText).toList());
        assertEquals(List.of("type", "type"), badges(p3));
        // matched names share a match id, and hovering one outlines the other
        WebElement feldsteinRu = mark(p1 + " .source", "Фельдштейн");
        WebElement feldsteinEn = mark(p1 + " .target", "Feldstein");
        assertEquals(feldsteinRu.getAttribute("data-match"), feldsteinEn.getAttribute("data-match"));
        assertEquals("NAME", feldsteinRu.getAttribute("data-basis"));
        new Actions(driver).moveToElement(feldsteinRu).perform();
        waiting().until(d -> feldsteinEn.getAttribute("class").contains("linked"));
        new Actions(driver).moveToElement(driver.findElement(By.tagName("h1"))).perform();

        // the type toggles act on both sides of every pair
        assertEquals(List.of("PER 5", "ORG 2", "LOC 5"), driver.findElements(By.cssSelector("#legend .legend-item"))
                .stream().map(e -> e.getText().replaceAll("\\s+", " ")).toList());
        toggle("LOC").click();
        for (WebElement m : driver.findElements(By.cssSelector("#pairs mark.ent[data-type='LOC']"))) {
            assertEquals(TRANSPARENT, background(m), m.getText());
        }
        assertEquals(PER_COLOUR, background(feldsteinEn));
        toggle("LOC").click();
        assertNotEquals(TRANSPARENT, background(mark(p1 + " .target", "Moscow")));

        screenshot("serve-parallel.png");
    }

    private static List<String> flagKinds(String pair) {
        return driver.findElements(By.cssSelector(pair + " .pair-flags li")).stream()
                .map(li -> li.getAttribute("data-kind")).toList();
    }

    private static List<String> flagMessages(String pair) {
        return driver.findElements(By.cssSelector(pair + " .pair-flags li")).stream().map(WebElement::getText).toList();
    }

    private static WebElement flagged(String pair) {
        List<WebElement> f = driver.findElements(By.cssSelector(pair + " mark.ent.flagged"));
        assertEquals(1, f.size(), "flagged entities in " + pair);
        return f.get(0);
    }

    private static List<String> badges(String pair) {
        return driver.findElements(By.cssSelector(pair + " .badge")).stream().map(WebElement::getText).toList();
    }

    @Test
    void smokeWithTheCommittedEnglishModel() throws Exception {
        // models/en is committed: its absence is a failure, not a reason to skip
        Path model = DefaultModels.locate("en");
        Path cwd = Path.of("").toAbsolutePath();
        if (model.startsWith(cwd)) {
            model = cwd.relativize(model); // the page shows it: models/en, not the checkout's path
        }
        NerService service = NerService.builder().addModel("en", PredictorTagger.load(model, "cpu", 8)).build();
        try (NerServer real = NerServer.builder(service).optPort(0).optShutdownGraceSeconds(2).start()) {
            driver.get("http://127.0.0.1:" + real.port() + "/");
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("models"), "en: "));
            WebElement area = driver.findElement(By.id("text"));
            area.clear();
            area.sendKeys("Angela Merkel visited Paris on Monday.");
            driver.findElement(By.id("tag-btn")).click();
            waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#output mark.ent")));
            List<String> found = marks("#output mark.ent");
            assertTrue(found.contains("Angela Merkel/PER"), found.toString());
            assertTrue(found.contains("Paris/LOC"), found.toString());
            screenshot("serve-model-en.png");
        }
    }
}
