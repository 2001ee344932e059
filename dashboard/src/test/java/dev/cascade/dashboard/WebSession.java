package dev.cascade.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain-HTTP browser stand-in with its own cookie jar, for the dashboard's tests. */
final class WebSession {
    private static final Pattern TOKEN = Pattern.compile("name=\"token\" value=\"([0-9a-f]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http;
    private String csrf = "";

    WebSession(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Logs in through the form; returns the answer to the POST (303 to / when it worked). */
    HttpResponse<String> login(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> form = get("login");
        Matcher m = TOKEN.matcher(form.body());
        if (!m.find()) {
            throw new AssertionError("login form without token: " + form.body());
        }
        String body = "token=" + m.group(1) + "&user=" + enc(user) + "&password=" + enc(password);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 303 && "/".equals(r.headers().firstValue("Location").orElse(""))) {
            csrf = session().path("csrf").asText();
        }
        return r;
    }

    JsonNode session() throws IOException, InterruptedException {
        return JSON.readTree(get("api/session").body());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs JSON with this session's CSRF token. */
    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return post(path, json, csrf);
    }

    /** POSTs JSON with the given token (null: none). */
    HttpResponse<String> post(String path, String json, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("X-CSRF-Token", token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpClient client() {
        return http;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
