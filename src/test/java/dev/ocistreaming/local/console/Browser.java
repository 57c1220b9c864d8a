package dev.ocistreaming.local.console;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver. Both paths are given
 * explicitly, so Selenium Manager never runs (it would try to download a browser). The flags keep
 * Chromium from calling out to Google's services, which a closed network refuses.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("console.test.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("console.test.chromedriver", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;
    private final Path userDataDir;
    private final Path screenshots;

    private Browser(ChromeDriver driver, Path userDataDir, Path screenshots) {
        this.driver = driver;
        this.userDataDir = userDataDir;
        this.screenshots = screenshots;
    }

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * The browser a test class shares, registered with {@code @RegisterExtension}: started before the class's first
     * test, closed after its last. Each test is skipped (saying what to install) where Chromium is missing — checked
     * per test, not once for the class, so the report lists every test as skipped, with why. Screenshots go beside
     * the class's failsafe report.
     */
    static final class PerClass implements BeforeEachCallback, AfterAllCallback {
        private Browser browser;

        @Override
        public void beforeEach(ExtensionContext context) throws IOException {
            assumeInstalled();
            if (browser == null) {
                browser = start(screenshotsOf(context.getRequiredTestClass()));
            }
        }

        @Override
        public void afterAll(ExtensionContext context) throws IOException {
            if (browser != null) {
                browser.close();
                browser = null;
            }
        }

        Browser get() {
            return browser;
        }
    }

    /** Skips the calling test, saying what to install, where Chromium or its driver is missing. */
    static void assumeInstalled() {
        assumeTrue(
                installed(),
                "Skipped: the console's browser test needs Debian's chromium and chromedriver"
                        + " (" + CHROMIUM + ", " + CHROMEDRIVER + "); install them with"
                        + " `apt-get install -y chromium chromium-driver`");
    }

    static Path screenshotsOf(Class<?> testClass) {
        return Path.of("target", "failsafe-reports", testClass.getName());
    }

    static Browser start(Path screenshots) throws IOException {
        Path userDataDir = Files.createTempDirectory("console-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000",
                "--user-data-dir=" + userDataDir);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        Files.createDirectories(screenshots);
        return new Browser(new ChromeDriver(service, options), userDataDir, screenshots);
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** Waits up to 15 s (the pages refresh every 2 s) for a condition to hold. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .withMessage(what)
                .ignoring(RuntimeException.class)
                .until(condition);
    }

    /** Text of the first element matching {@code css}, or null if none. */
    String text(String css) {
        var found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.get(0).getText();
    }

    void type(String css, String text) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    Object script(String js) {
        return driver.executeScript(js);
    }

    /**
     * Saves the whole page (beyond the window) as {@code <name>.png} and prints the line by which
     * the JUnit attachments convention attaches it to the test's report.
     */
    Path screenshot(String name) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> clip =
                Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1);
        Map<String, Object> shot = driver.executeCdpCommand(
                "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Path file = screenshots.resolve(name + ".png").toAbsolutePath();
        try {
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("[[ATTACHMENT|" + file + "]]");
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var paths = Files.walk(userDataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
