package cn.minhang.citymgmt.it;

import cn.minhang.citymgmt.support.Processes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the packaged jar a cluster receives holds, and what it must not: the job's own classes and the
 * libraries it shades, but not the developers' sample generator, and POI's commons-compress only
 * under its relocated name, so that the cluster's own copy of Spark keeps its version.
 */
class ApplicationJarIT {
    @Test
    void theJarHoldsTheJobAndItsLibrariesButNotTheGeneratorNorAClashingCommonsCompress() throws IOException {
        List<String> entries;
        try (JarFile jar = new JarFile(Processes.PROJECT.resolve("target/budget-performance.jar").toFile())) {
            entries = jar.stream().map(JarEntry::getName).toList();
        }
        assertThat(entries).contains("cn/minhang/citymgmt/job/EvaluationJob.class", "cn/minhang/citymgmt/sources/Sources.class");
        assertThat(entries).anyMatch(e -> e.startsWith("org/apache/poi/"));
        assertThat(entries).anyMatch(e -> e.startsWith("cn/minhang/citymgmt/shaded/commons/compress/"));
        assertThat(entries).noneMatch(e -> e.startsWith("org/apache/commons/compress/"));
        assertThat(entries).noneMatch(e -> e.startsWith("cn/minhang/citymgmt/sample/"));
    }
}
