package cn.minhang.citymgmt.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The packages form one-way layers, lowest first: a package may use its own layer and those below,
 * never one above. The entry points are the top, and nothing imports them; the errors every layer
 * raises are the bottom, so that no layer below the application knows about exit codes.
 */
class LayersTest {
    private static final String ROOT = "cn.minhang.citymgmt.";
    static final List<List<String>> LAYERS = List.of(
            List.of("failures"),
            List.of("sources"),
            List.of("ingest"),
            List.of("scoring"),
            List.of("metrics", "budget"),
            List.of("framework"),
            List.of("evaluation", "checks", "monitoring"),
            List.of("tables", "maintenance"),
            List.of("job"),
            List.of("report"),
            List.of("app", "benchmark"));

    private static JavaClasses classes;

    @BeforeAll
    static void importTheApplication() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    }

    @Test
    void everyPackageIsInALayer() {
        List<String> layered = LAYERS.stream().flatMap(List::stream).toList();
        List<String> packages = classes.stream().map(c -> c.getPackageName().substring(ROOT.length()).split("\\.")[0]).distinct().toList();
        org.assertj.core.api.Assertions.assertThat(layered).containsAll(packages);
    }

    @Test
    void noLayerUsesOneAboveIt() {
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            List<String> above = new ArrayList<>();
            LAYERS.subList(i + 1, LAYERS.size()).forEach(l -> l.forEach(p -> above.add(ROOT + p + "..")));
            noClasses().that().resideInAnyPackage(LAYERS.get(i).stream().map(p -> ROOT + p + "..").toArray(String[]::new))
                    .should().dependOnClassesThat().resideInAnyPackage(above.toArray(String[]::new))
                    .because("layers point one way: " + String.join(" → ", LAYERS.stream().map(l -> String.join("/", l)).toList()))
                    .check(classes);
        }
    }
}
