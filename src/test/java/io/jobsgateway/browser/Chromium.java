package io.jobsgateway.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven by Selenium, always Debian's {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver}: both paths are given, so Selenium Manager never looks for, nor
 * downloads, a browser or a driver. Without them the tests fail, saying how to install them.
 *
 * <p>It reaches nothing but loopback: every other address goes to a proxy on a local port where
 * nothing listens, so its own calls home fail at once (host names too: the proxy would resolve them).
 * Loopback is never proxied ({@code 127.0.0.1}, {@code localhost} and {@code [::1]} are
 * bypassed, as Chromium does by itself unless told {@code <-loopback>}), so the gateway and the
 * tests' own proxies in front of it are reached directly.
 */
final class Chromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    // Selenium reports every Chromium newer than the DevTools versions it ships; the tests use none of them.
    // (Held here: java.util.logging keeps loggers only weakly, and would forget the level.)
    private static final Logger DEVTOOLS_LOG = quiet("org.openqa.selenium.devtools");
    private static final Logger CHROMIUM_LOG = quiet("org.openqa.selenium.chromium");

    private Chromium() {
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    /**
     * A new browser with a profile of its own in {@code profile} (a fresh, empty folder), whose
     * requests to anything but loopback go to a proxy at {@code 127.0.0.1:nowherePort}.
     */
    static ChromeDriver start(Path profile, int nowherePort) throws IOException {
        List<Path> missing = Stream.of(BINARY, DRIVER).filter(path -> !Files.isExecutable(path)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The browser tests need Debian's Chromium and its driver, and " + missing
                    + (missing.size() == 1 ? " is" : " are") + " missing: apt-get install chromium chromium-driver"
                    + " (.ci/run does it).");
        }
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1400,1050", "--lang=en-US",
                "--proxy-server=http://127.0.0.1:" + nowherePort, "--proxy-bypass-list=127.0.0.1;localhost;[::1]");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(profile.resolveSibling(profile.getFileName() + "-chromedriver.log").toFile())
                .build();
        return new ChromeDriver(service, options);
    }
}
