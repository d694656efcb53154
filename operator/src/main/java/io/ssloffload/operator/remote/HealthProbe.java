package io.ssloffload.operator.remote;

import io.ssloffload.operator.protocol.Protocol;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Asks a server's {@code http://<host>:<port>/<vdir>/healthcheck.htm} what a load balancer asks:
 * plain HTTP, no credentials, with a deadline. After offloading, a protocol's page must answer
 * 200 with the server's "200 OK" body; 403.4 means the location still requires SSL.
 */
public final class HealthProbe {

    /** The most one probe may take, connection included: a load balancer's probe timeout. */
    public static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final int MAX_ANSWER = 120;

    public enum Verdict { Passing, SslRequired, Failing }

    /** @param answer what the server said (status and the start of the body), or why nothing was said */
    public record Answer(Verdict verdict, String answer) {
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(DEADLINE)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public static URI url(String host, int port, Protocol protocol) {
        String vdir = protocol.location().orElseThrow().substring(Protocol.SITE.length() + 1);
        // an IPv6 address goes in brackets in a URL, as the WinRM URL does it
        String authority = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + authority + ":" + port + "/" + vdir + "/healthcheck.htm");
    }

    public Answer probe(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(DEADLINE).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body() == null ? "" : response.body().strip();
            String said = "HTTP " + response.statusCode() + " " + bounded(body);
            if (response.statusCode() == 200 && body.startsWith("200 OK")) {
                return new Answer(Verdict.Passing, said);
            }
            if (response.statusCode() == 403 && body.contains("403.4")) {
                return new Answer(Verdict.SslRequired, "HTTP 403.4: the location still requires SSL");
            }
            return new Answer(Verdict.Failing, said);
        } catch (HttpTimeoutException e) {
            return new Answer(Verdict.Failing, "no answer within " + DEADLINE.toSeconds() + "s");
        } catch (IOException e) {
            return new Answer(Verdict.Failing, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Verdict.Failing, "interrupted");
        }
    }

    private static String bounded(String body) {
        String oneLine = body.replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_ANSWER ? oneLine : oneLine.substring(0, MAX_ANSWER) + "…";
    }
}
