package dev.httptrace.architecture;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HttpClient's {@code @Internal} API (types, constructors and methods; the annotation is in the class files, not
 * visible to reflection) is used only by the classes {@code dev/httptrace/hc5/package-info.java} names, each for
 * the types listed there. Any other use fails here: put it behind one of these classes, or add it to the list and
 * the package documentation together.
 */
class InternalApiUseTest {

    private static final String INTERNAL = "org.apache.hc.core5.annotation.Internal";

    /** The inventory of {@code hc5/package-info.java}: class to the {@code @Internal} API it may use. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "dev.httptrace.hc5.AcquireConnectionHandler", Set.of("ExecRuntime"),
            "dev.httptrace.hc5.TracingManagedConnection", Set.of("ManagedHttpClientConnection"),
            "dev.httptrace.hc5.TracingConnectionFactory", Set.of("ManagedHttpClientConnection"),
            "dev.httptrace.hc5.TracingConnectionManager", Set.of("RequestExecutor"),
            "dev.httptrace.hc5.TracingConnectionManagerBuilder", Set.of("DefaultHttpClientConnectionOperator",
                    "HttpClientConnectionOperator", "PoolingHttpClientConnectionManagerBuilder.<init>"),
            "dev.httptrace.hc5.TracingSocketFactory", Set.of("DetachedSocketFactory"));

    private static Map<String, Set<String>> internalApiUses() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.httptrace");
        Map<String, Set<String>> uses = new TreeMap<>();
        for (JavaClass type : classes) {
            String owner = type.getName().replaceAll("\\$.*", "");
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass();
                if (isHttpClient(target) && target.isAnnotatedWith(INTERNAL)) {
                    uses.computeIfAbsent(owner, o -> new TreeSet<>()).add(target.getSimpleName());
                }
            }
            for (JavaAccess<?> access : type.getAccessesFromSelf()) {
                access.getTarget().resolveMember().ifPresent(member -> {
                    if (isHttpClient(member.getOwner()) && member.isAnnotatedWith(INTERNAL)) {
                        uses.computeIfAbsent(owner, o -> new TreeSet<>())
                                .add(member.getOwner().getSimpleName() + "." + member.getName());
                    }
                });
            }
        }
        return uses;
    }

    private static boolean isHttpClient(JavaClass type) {
        return type.getPackageName().startsWith("org.apache.hc.");
    }

    @Test
    void internalApiIsUsedOnlyWhereThePackageDocumentationSays() {
        Map<String, Set<String>> uses = internalApiUses();

        assertThat(uses).as("classes using HttpClient's @Internal API").isNotEmpty();
        uses.forEach((owner, used) -> assertThat(ALLOWED.getOrDefault(owner, Set.of()))
                .as("@Internal API used by %s", owner).containsAll(used));
    }
}
