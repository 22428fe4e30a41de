package io.jobsgateway.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout's rules, over the compiled main classes: imports run one way, from the top of
 * {@link #LAYERS} down; no package cycle; a type is public only where another package or the
 * container needs it; one class sees both the in-memory and the Redis implementations.
 */
class ArchitectureTest {

    private static final String BASE = "io.jobsgateway";

    /** Bottom first: a package may use those before it, never those after it. */
    static final List<String> LAYERS = List.of("quirks", "api", "config", "ops", "wire", "access", "cluster", "bus",
            "history", "watchdog", "delivery", "rooms", "endpoint", "http", "stream", "opspage", "warmup", "batch", "demo", "");

    /** What host applications implement or receive, besides api/. */
    private static final Set<String> EXTENSION_POINTS = Set.of(
            BASE + ".access.ApiKeys", BASE + ".access.LoginIdentities", BASE + ".access.Identity",
            BASE + ".batch.BatchParameters", BASE + ".batch.BatchFailures");

    /** Annotations by which the container finds a class itself. */
    private static final Set<String> CONTAINER_ANNOTATIONS = Set.of(
            "jakarta.websocket.server.ServerEndpoint", "jakarta.servlet.annotation.WebFilter",
            "jakarta.servlet.annotation.WebListener",
            "jakarta.servlet.annotation.WebServlet", "jakarta.ws.rs.Path", "jakarta.ws.rs.ext.Provider",
            "jakarta.ws.rs.ApplicationPath");

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    @Test
    void everyPackageIsALayer() {
        Set<String> unknown = new TreeSet<>();
        for (JavaClass type : MAIN) {
            if (layer(type) < 0) {
                unknown.add(type.getPackageName());
            }
        }
        assertTrue(unknown.isEmpty(), "packages that are in no layer of ArchitectureTest.LAYERS: " + unknown);
    }

    @Test
    void importsRunOneWay() {
        List<String> upward = new ArrayList<>();
        for (JavaClass type : MAIN) {
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass();
                if (isOurs(target) && layer(target) > layer(type)) {
                    upward.add(dependency.getDescription());
                }
            }
        }
        assertTrue(upward.isEmpty(), "dependencies against the one-way order " + LAYERS + ":\n" + String.join("\n", upward));
    }

    @Test
    void noPackageCycles() {
        SlicesRuleDefinition.slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void aTypeIsPublicOnlyWhereAnotherPackageOrTheContainerNeedsIt() {
        List<String> needless = new ArrayList<>();
        for (JavaClass type : MAIN) {
            if (isTopLevel(type) && type.getModifiers().contains(JavaModifier.PUBLIC) && !exempt(type)
                    && !usedFromAnotherPackage(type)) {
                needless.add(type.getName());
            }
        }
        assertTrue(needless.isEmpty(), "public, but used from no other package and not found by the container: " + needless);
    }

    @Test
    void onlyClusterModeSeesBothTheInMemoryAndTheRedisImplementations() {
        List<String> both = new ArrayList<>();
        for (JavaClass type : MAIN) {
            boolean redis = type.getDirectDependenciesFromSelf().stream().anyMatch(d -> isRedisImplementation(d.getTargetClass()));
            boolean memory = type.getDirectDependenciesFromSelf().stream().anyMatch(d -> isInMemoryImplementation(d.getTargetClass()));
            if (redis && memory) {
                both.add(type.getName());
            }
        }
        assertEquals(List.of(BASE + ".ClusterMode"), both);
    }

    @Test
    void deliveryKnowsNoTransportAndNoRedis() {
        List<String> forbidden = new ArrayList<>();
        for (JavaClass type : MAIN) {
            if (type.getPackageName().equals(BASE + ".delivery")) {
                for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                    String target = dependency.getTargetClass().getPackageName();
                    if (target.startsWith("jakarta.websocket") || target.startsWith("org.redisson")
                            || target.equals(BASE + ".cluster") || target.equals(BASE + ".history")) {
                        forbidden.add(dependency.getDescription());
                    }
                }
            }
        }
        assertTrue(forbidden.isEmpty(), String.join("\n", forbidden));
    }

    /** A host without Redisson must deploy: no class that needs it may be a bean there (beans.xml excludes it). */
    @Test
    void everyClassThatTouchesRedissonIsExcludedFromBeansWithoutIt() throws IOException {
        List<String> missing = notExcludedWithout("org.redisson", "org.redisson.api.RedissonClient");
        assertTrue(missing.isEmpty(), "add to beans.xml, excluded if-class-not-available Redisson: " + missing);
    }

    /** A server without Jakarta Batch (WildFly's standalone-microprofile.xml) must deploy the gateway all the same. */
    @Test
    void everyClassThatTouchesJakartaBatchIsExcludedFromBeansWithoutIt() throws IOException {
        List<String> missing = notExcludedWithout("jakarta.batch", "jakarta.batch.runtime.BatchRuntime");
        assertTrue(missing.isEmpty(), "add to beans.xml, excluded if-class-not-available Jakarta Batch: " + missing);
    }

    /** Our classes that use a package of {@code prefix} and that beans.xml does not exclude when {@code marker} is missing. */
    private static List<String> notExcludedWithout(String prefix, String marker) throws IOException {
        String beansXml = Files.readString(Path.of("src/main/resources/META-INF/beans.xml"));
        Set<String> touching = new TreeSet<>();
        for (JavaClass type : MAIN) {
            if (type.getDirectDependenciesFromSelf().stream()
                    .anyMatch(d -> d.getTargetClass().getPackageName().startsWith(prefix))) {
                touching.add(type.getName().replaceAll("\\$.*", ""));
            }
        }
        return touching.stream().filter(name -> !excluded(beansXml, name, marker)).toList();
    }

    private static boolean excluded(String beansXml, String className, String marker) {
        String pkg = className.substring(0, className.lastIndexOf('.'));
        for (String name : List.of(className, pkg + ".*")) {
            int at = beansXml.indexOf("<exclude name=\"" + name + "\">");
            if (at >= 0 && beansXml.indexOf("<if-class-not-available name=\"" + marker + "\"/>", at)
                    == beansXml.indexOf("<if-class-not-available", at)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void noMainSourceFileIsOver300Lines() throws IOException {
        List<String> long_ = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                long lines = Files.readAllLines(file).size();
                if (lines > 300) {
                    long_.add(file + " (" + lines + " lines)");
                }
            }
        }
        assertTrue(long_.isEmpty(), "split these: " + long_);
    }

    private static boolean exempt(JavaClass type) {
        return type.getPackageName().equals(BASE + ".api") || EXTENSION_POINTS.contains(type.getName())
                || CONTAINER_ANNOTATIONS.stream().anyMatch(type::isAnnotatedWith)
                // a configurator is named in @ServerEndpoint and created by the container
                || type.isAssignableTo("jakarta.websocket.server.ServerEndpointConfig$Configurator")
                // an OpenAPI filter is named in mp.openapi.filter and created by the container
                || type.isAssignableTo("org.eclipse.microprofile.openapi.OASFilter")
                // a batch artifact is named by its @Named in a job XML and created by the batch runtime
                || type.isAnnotatedWith("jakarta.inject.Named") && type.getAllRawInterfaces().stream()
                        .anyMatch(i -> i.getPackageName().startsWith("jakarta.batch.api"));
    }

    /** Nested types count with their top-level type: a public member of a package-private type is not visible. */
    private static boolean isTopLevel(JavaClass type) {
        return type.getEnclosingClass().isEmpty();
    }

    /** Used from another package, itself or through any type nested in it, or caught there. */
    private static boolean usedFromAnotherPackage(JavaClass type) {
        boolean referenced = MAIN.stream()
                .filter(t -> t.equals(type) || t.getName().startsWith(type.getName() + "$"))
                .flatMap(t -> t.getDirectDependenciesToSelf().stream())
                .anyMatch(d -> isOurs(d.getOriginClass()) && !d.getOriginClass().getPackageName().equals(type.getPackageName()));
        return referenced || MAIN.stream()
                .filter(origin -> !origin.getPackageName().equals(type.getPackageName()))
                .flatMap(origin -> origin.getCodeUnits().stream())
                .flatMap(unit -> unit.getTryCatchBlocks().stream())
                .anyMatch(block -> block.getCaughtThrowables().contains(type));
    }

    private static boolean isRedisImplementation(JavaClass type) {
        return isOurs(type) && type.getSimpleName().startsWith("Redis") && !type.getSimpleName().equals("RedisKeys");
    }

    private static boolean isInMemoryImplementation(JavaClass type) {
        return isOurs(type) && (type.getSimpleName().startsWith("InMemory") || type.getSimpleName().startsWith("Local"));
    }

    private static boolean isOurs(JavaClass type) {
        return type.getPackageName().equals(BASE) || type.getPackageName().startsWith(BASE + ".");
    }

    private static int layer(JavaClass type) {
        String pkg = type.getPackageName();
        String relative = pkg.equals(BASE) ? "" : pkg.startsWith(BASE + ".") ? pkg.substring(BASE.length() + 1) : null;
        return relative == null ? -1 : LAYERS.indexOf(relative);
    }
}
