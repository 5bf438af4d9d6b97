package cn.minhang.citymgmt.report;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The Thymeleaf engine of the report pages: templates under {@code templates/} on the classpath
 * (in the application jar), HTML mode, so every {@code th:text} value is escaped.
 */
final class ReportTemplates {
    static final String FOLDER = "templates/";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    // One engine for the JVM: it is thread-safe and keeps the parsed templates.
    private static final TemplateEngine ENGINE = engine();

    private ReportTemplates() {
    }

    private static TemplateEngine engine() {
        // The loader of this class, not the thread's: under spark-submit the jar's own loader holds the templates.
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(ReportTemplates.class.getClassLoader());
        resolver.setPrefix(FOLDER);
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resolver.setCacheable(true);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }

    /** The page of {@code templates/<template>.html} with {@code variables}. */
    static String render(String template, Map<String, Object> variables) {
        return ENGINE.process(template, new Context(Locale.SIMPLIFIED_CHINESE, variables));
    }

    /** When a page is generated, in the district's time, to the minute. */
    static String generatedAt() {
        return ZonedDateTime.now(SHANGHAI).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT));
    }

    /** A text resource of the classpath (ECharts from its webjar, the page script) to inline into a page. */
    static String resource(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : ReportTemplates.class.getClassLoader();
        InputStream in = loader.getResourceAsStream(name);
        if (in == null) {
            in = ReportTemplates.class.getClassLoader().getResourceAsStream(name);
        }
        if (in == null) {
            throw new IllegalStateException("resource " + name + " is not on the classpath (is the echarts webjar in the build?)");
        }
        try (InputStream stream = in) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }
}
