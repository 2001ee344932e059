package dev.cascade.actuators.notify;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.cascade.protocol.codec.Codecs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Posts each notification as JSON in Slack's incoming-webhook shape ({@code {"text": ...}}) with the Cascade fields
 * beside it ({@code "cascade": {"event", "site", "alarm"}}), signed with the shared secret
 * ({@link WebhookSignature}). 5xx, 429 and I/O errors are retriable; other non-2xx answers are fatal.
 */
public final class WebhookChannel implements NotificationChannel {
    private final String name;
    private final URI url;
    private final byte[] secret;
    private final Duration timeout;
    private final HttpClient client;

    public WebhookChannel(String name, URI url, byte[] secret, Duration timeout) {
        if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("url must be an http(s) URL, was " + url);
        }
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("secret must not be empty");
        }
        this.name = name;
        this.url = url;
        this.secret = secret.clone();
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String name() {
        return name;
    }

    /** The JSON body of {@code n}. */
    public static String body(Notification n) {
        JsonStringEncoder q = JsonStringEncoder.getInstance();
        return "{\"text\":\"" + new String(q.quoteAsString(n.text())) + "\",\"cascade\":{\"event\":\""
                + n.event().displayName() + "\",\"site\":\"" + n.site() + "\",\"alarm\":" + Codecs.toJson(n.alarm()) + "}}";
    }

    @Override
    public void send(Notification n) throws DeliveryFailure {
        byte[] body = body(n).getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, WebhookSignature.sign(secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<Void> resp;
        try {
            resp = client.send(req, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new DeliveryFailure("POST " + url + " failed: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure("interrupted while posting to " + url, true, e);
        }
        int code = resp.statusCode();
        if (code / 100 != 2) {
            throw new DeliveryFailure("POST " + url + " answered " + code, code >= 500 || code == 429, null);
        }
    }
}
