package dev.httptrace.sample;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.aot.AotDetector;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample's entry point. Without options: starts the web application, runs the loopback demo
 * ({@link DemoRunner}) and keeps serving the actuator endpoints. {@code --demo-and-exit}: the same demo, then exits.
 * {@code --url=...}: a command-line tool that traces the given URLs ({@link UrlRunner}) without a web server, banner
 * or log lines, then exits. See {@link CommandLine#USAGE}. Ahead of time ({@code -Dspring.aot.enabled=true}, the jar
 * is processed when it is built) both work; URL mode then starts the one context AOT prepared, the demo's web one,
 * with its servers on free loopback ports that nothing uses.
 */
@SpringBootApplication(proxyBeanMethods = false)
public final class SampleApplication {

    /** What {@link #run} returns when the application goes on serving after it returned. */
    static final int KEEP_RUNNING = -1;

    /** Exit code of a command line the sample cannot run. */
    static final int USAGE_ERROR = 2;

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int exitCode = run(args, out, err);
        if (exitCode != KEEP_RUNNING) {
            System.exit(exitCode);
        }
    }

    /**
     * Runs what {@code args} ask for, printing to {@code out} (waterfalls) and {@code err} (errors of URL mode, usage
     * errors).
     *
     * @return the process exit code, or {@link #KEEP_RUNNING} when the web application was started and keeps serving
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine command;
        try {
            command = CommandLine.parse(args);
        } catch (CommandLine.UsageException ex) {
            err.println("error: " + ex.getMessage() + " (--help lists the options)");
            return USAGE_ERROR;
        }
        return switch (command.mode()) {
            case HELP -> {
                out.print(CommandLine.USAGE);
                yield 0;
            }
            case URLS -> traceUrls(command, out, err);
            case DEMO, DEMO_AND_EXIT -> demo(command, out);
        };
    }

    private static int traceUrls(CommandLine command, PrintStream out, PrintStream err) {
        // a command-line tool: nothing but waterfalls and error lines (HttpClient's WARNs about cookies included)
        Map<String, Object> defaults = new HashMap<>(
                Map.of("logging.level.root", "error", "spring.http.clients.redirects", "dont-follow"));
        WebApplicationType type = WebApplicationType.NONE;
        if (AotDetector.useGeneratedArtifacts()) {
            // ahead of time, the context was fixed at build time as the demo's web one: start it as such, its
            // servers on free loopback ports, unused and silent
            type = WebApplicationType.SERVLET;
            defaults.put("server.port", "0");
        }
        SpringApplication application = application(type, defaults);
        ConfigurableApplicationContext context;
        try {
            context = application.run(command.springArgs().toArray(String[]::new));
        } catch (SpringApplication.AbandonedRunException aheadOfTimeProcessing) {
            throw aheadOfTimeProcessing;
        } catch (RuntimeException startupFailure) {
            return 1; // Spring Boot has reported why
        }
        try (context) {
            return context.getBean(UrlRunner.class).run(command.urls(), command.count(), out, err, command.debug());
        }
    }

    private static int demo(CommandLine command, PrintStream out) {
        List<String> springArgs = new ArrayList<>(command.springArgs());
        if (command.mode() == CommandLine.Mode.DEMO_AND_EXIT && !command.setsServerPort()) {
            springArgs.add("--server.port=0"); // nobody opens the URLs: do not depend on port 8080 being free
        }
        // Tomcat's and Spring's INFO lines would be interleaved with the waterfalls
        SpringApplication application = application(WebApplicationType.SERVLET, Map.of("logging.level.root", "warn"));
        ConfigurableApplicationContext context;
        try {
            context = application.run(springArgs.toArray(String[]::new));
        } catch (SpringApplication.AbandonedRunException aheadOfTimeProcessing) {
            throw aheadOfTimeProcessing; // the build's AOT processing stops the run here
        } catch (RuntimeException startupFailure) {
            return 1; // Spring Boot has reported why (for example: port 8080 is in use)
        }
        DemoRunner demo = context.getBean(DemoRunner.class);
        boolean asExpected;
        try {
            asExpected = demo.run(out, command.debug());
        } catch (RuntimeException ex) {
            context.close();
            throw ex;
        }
        if (command.mode() == CommandLine.Mode.DEMO_AND_EXIT) {
            context.close();
            return asExpected ? 0 : 1;
        }
        demo.printMetricsUrls(out);
        return KEEP_RUNNING;
    }

    private static SpringApplication application(WebApplicationType type, Map<String, Object> defaults) {
        SpringApplication application = new SpringApplication(SampleApplication.class);
        application.setWebApplicationType(type);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        application.setDefaultProperties(defaults);
        return application;
    }
}
