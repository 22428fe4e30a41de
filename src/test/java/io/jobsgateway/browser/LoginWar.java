package io.jobsgateway.browser;

import io.jobsgateway.browser.server.LoggedInPage;
import io.jobsgateway.browser.server.TestUsers;
import io.jobsgateway.it.PackagedBuild;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The packaged WAR as it is, plus a host's form login ({@link TestUsers}) and a page behind it ({@link LoggedInPage}). */
final class LoginWar {

    private static final String LOGIN_PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Log in</title></head>
            <body><form method="post" action="j_security_check">
              <input id="username" name="j_username"> <input id="password" name="j_password" type="password">
              <button id="login" type="submit">Log in</button>
            </form></body></html>
            """;

    private LoginWar() {
    }

    static WebArchive archive() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, PackagedBuild.war().toFile())
                .addClasses(TestUsers.class, LoggedInPage.class)
                .add(new StringAsset(LOGIN_PAGE), "login.html");
    }

    /** Written to {@code file}, beside the other test files. */
    static Path write(WebArchive war, Path file) {
        war.as(ZipExporter.class).exportTo(file.toFile(), true);
        return file;
    }
}
