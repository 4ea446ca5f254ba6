package dev.httptrace.autoconfigure.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads the running test app's actuator over loopback with the JDK's client, which httptrace does not trace. */
record ActuatorHttp(int port) {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", accept).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
