/**
 * Spring Framework adapters: {@link dev.httptrace.spring.TracingClientHttpRequestFactory}, a
 * {@code ClientHttpRequestFactory} over the traced HttpClient 5 transport, and
 * {@link dev.httptrace.spring.ClientTraceInterceptor}, which gives each request of a {@code RestClient} or
 * {@code RestTemplate} its trace. Usable on plain Spring, without Boot; spring-web is an optional dependency.
 */
@NullMarked
package dev.httptrace.spring;

import org.jspecify.annotations.NullMarked;
