package dev.cascade.cli.dashboardtools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain-HTTP reader of the dashboard's event stream that notes when each alarm state arrived on the wire, to tell
 * the server's share of the alarm-to-browser latency from the browser's. Owns a thread; must be closed.
 */
final class SseProbe implements AutoCloseable {
    private static final Pattern TOKEN = Pattern.compile("name=\"token\" value=\"([0-9a-f]+)\"");
    private static final Pattern ALARM = Pattern.compile("\"current\":\\{\"alarmId\":\"([^\"]+)\".*?\"status\":\"([a-z_]+)\"");

    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile BufferedReader reader;

    SseProbe(String baseUrl, String user, String password) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String form = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = TOKEN.matcher(form);
        if (!m.find()) {
            throw new IllegalStateException("the login form has no token");
        }
        String body = "token=" + m.group(1) + "&user=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 303) {
            throw new IllegalStateException("login refused: " + r.statusCode());
        }
        HttpResponse<java.io.InputStream> events = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "events"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        reader = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8));
        thread = new Thread(this::read, "sse-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        try {
            String event = "";
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:") && "alarm".equals(event)) {
                    long now = System.currentTimeMillis();
                    Matcher m = ALARM.matcher(line);
                    if (m.find()) {
                        seen.putIfAbsent(m.group(1) + "@" + m.group(2), now);
                    }
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** When each {@code alarmId@status} arrived (wall-clock ms). */
    Map<String, Long> seen() {
        return seen;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
