/**
 * The httptrace sample: a Spring Boot application whose {@code RestClient} calls are traced by the starter, each call's
 * exchange timeline ({@link dev.httptrace.sample.TracedCall}) printed as an httpstat-style waterfall by
 * {@link dev.httptrace.sample.WaterfallPrinter}. {@link dev.httptrace.sample.SampleApplication} runs
 * the loopback demo ({@link dev.httptrace.sample.DemoRunner}) or traces the user's URLs
 * ({@link dev.httptrace.sample.UrlRunner}).
 */
@NullMarked
package dev.httptrace.sample;

import org.jspecify.annotations.NullMarked;
