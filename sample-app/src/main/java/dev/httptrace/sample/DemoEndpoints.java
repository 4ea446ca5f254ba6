package dev.httptrace.sample;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The demo's plain-HTTP endpoints, served by the application's own web server under {@code /demo}. */
@RestController
@RequestMapping(path = "/demo", produces = MediaType.TEXT_PLAIN_VALUE)
@ConditionalOnWebApplication
final class DemoEndpoints {

    /** How long {@code /demo/slow} thinks before answering: long enough to dominate its waterfall. */
    static final Duration SLOW = Duration.ofMillis(300);

    @GetMapping("/hello")
    String hello() {
        return "hello from the sample's HTTP endpoint\n";
    }

    @GetMapping("/slow")
    String slow() throws InterruptedException {
        Thread.sleep(SLOW.toMillis());
        return "hello after " + SLOW.toMillis() + " ms of server processing\n";
    }

    @PostMapping("/upload")
    String upload(@RequestBody byte[] body) {
        return "stored " + body.length + " bytes\n";
    }
}
