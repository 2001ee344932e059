package dev.cascade.dashboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.dashboard.action.ActionPublisher;
import dev.cascade.dashboard.auth.Authenticator;
import dev.cascade.dashboard.auth.LoginResult;
import dev.cascade.dashboard.auth.Session;
import dev.cascade.dashboard.auth.Sessions;
import dev.cascade.protocol.operator.OperatorActionType;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's HTTP side: login page and form, the page and its script, the state API, the event stream and
 * the operator actions. Every request but the login's needs a session; every state change needs the session's
 * synchronizer token (header {@code X-CSRF-Token}) and the operator role. Must be closed.
 */
public final class WebServer implements AutoCloseable {
    static final String SESSION_COOKIE = "cascade_session";
    static final String LOGIN_COOKIE = "cascade_login";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Authenticator auth;
    private final Sessions sessions;
    private final DashboardState state;
    private final EventHub hub;
    private final ActionHandler actions;
    private final boolean secureCookies;
    private final String indexPage;
    private final String loginPage;
    private final String script;
    private final Javalin http;

    public WebServer(String bindAddress, int port, boolean secureCookies, Authenticator auth, DashboardState state,
                     EventHub hub, ActionHandler actions) {
        this.auth = auth;
        this.sessions = auth.sessions();
        this.state = state;
        this.hub = hub;
        this.actions = actions;
        this.secureCookies = secureCookies;
        this.indexPage = resource("index.html");
        this.loginPage = resource("login.html");
        this.script = resource("app.js");
        this.http = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.before(this::guard);
            config.routes.get("/login", this::loginForm);
            config.routes.post("/login", this::login);
            config.routes.post("/logout", this::logout);
            config.routes.get("/", ctx -> ctx.html(indexPage));
            config.routes.get("/app.js", ctx -> ctx.contentType("text/javascript; charset=utf-8").result(script));
            config.routes.get("/api/session", this::session);
            config.routes.get("/api/state", ctx -> json(ctx, state.snapshot()));
            config.routes.post("/api/alarms/{id}/acknowledge", ctx -> act(ctx, OperatorActionType.ACKNOWLEDGE_ALARM));
            config.routes.post("/api/alarms/{id}/clear", ctx -> act(ctx, OperatorActionType.CLEAR_ALARM));
            config.routes.post("/api/devices/{id}/resume", ctx -> act(ctx, OperatorActionType.RESUME_MACHINE));
            config.routes.post("/api/devices/{id}/lock", ctx -> act(ctx, OperatorActionType.LOCK_DEVICE));
            config.routes.post("/api/devices/{id}/unlock", ctx -> act(ctx, OperatorActionType.UNLOCK_DEVICE));
            config.routes.sse("/events", client -> {
                client.keepAlive();
                hub.join(client, c -> c.sendEvent("snapshot", write(state.snapshot())));
            });
        }).start(bindAddress, port);
    }

    /** The port it listens on. */
    public int port() {
        return http.port();
    }

    private void guard(Context ctx) {
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
                + " frame-ancestors 'none'; form-action 'self'");
        String path = ctx.path();
        if (path.equals("/login")) {
            return;
        }
        Optional<Session> s = sessions.find(ctx.cookie(SESSION_COOKIE));
        if (s.isEmpty()) {
            if (path.equals("/") && "GET".equals(ctx.method().name())) {
                ctx.redirect("/login", HttpStatus.SEE_OTHER);
            } else {
                ctx.status(HttpStatus.UNAUTHORIZED).json(Map.of("error", "login required"));
            }
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute("session", s.get());
        if ("POST".equals(ctx.method().name())) {
            if (!Sessions.csrfMatches(s.get(), ctx.header(CSRF_HEADER))) {
                ctx.status(HttpStatus.FORBIDDEN).json(Map.of("error", "missing or wrong CSRF token"));
                ctx.skipRemainingHandlers();
                return;
            }
            if (!path.equals("/logout") && !s.get().role().mayAct()) {
                ctx.status(HttpStatus.FORBIDDEN).json(Map.of("error", "the operator role is required, "
                        + s.get().user() + " is a " + s.get().role().name().toLowerCase()));
                ctx.skipRemainingHandlers();
            }
        }
    }

    private void loginForm(Context ctx) {
        String token = Sessions.random();
        ctx.header("Set-Cookie", cookie(LOGIN_COOKIE, token, 600, ctx));
        String message = Optional.ofNullable(ctx.queryParam("m")).map(m -> switch (m) {
            case "refused" -> "Wrong name or password.";
            case "throttled" -> "Too many failed attempts: wait, then try again.";
            case "expired" -> "The login form expired: try again.";
            default -> "";
        }).orElse("");
        ctx.html(loginPage.replace("{{token}}", token).replace("{{message}}", message));
    }

    private void login(Context ctx) {
        String formToken = ctx.formParam("token");
        String cookieToken = ctx.cookie(LOGIN_COOKIE);
        if (formToken == null || cookieToken == null || !java.security.MessageDigest.isEqual(
                formToken.getBytes(StandardCharsets.US_ASCII), cookieToken.getBytes(StandardCharsets.US_ASCII))) {
            ctx.status(HttpStatus.FORBIDDEN).html("<p>missing or wrong login form token: <a href=\"/login\">log in</a></p>");
            return;
        }
        LoginResult r = auth.login(ctx.formParam("user"), ctx.formParam("password"), ctx.ip());
        if (r instanceof LoginResult.Accepted a) {
            ctx.header("Set-Cookie", cookie(SESSION_COOKIE, a.session().id(), (int) sessions.ttl().toSeconds(), ctx));
            ctx.addHeader("Set-Cookie", cookie(LOGIN_COOKIE, "", 0, ctx));
            ctx.redirect("/", HttpStatus.SEE_OTHER);
        } else if (r instanceof LoginResult.Throttled t) {
            long seconds = Math.max(1, (t.retryAfter().toMillis() + 999) / 1000);
            ctx.header("Retry-After", String.valueOf(seconds));
            ctx.status(HttpStatus.TOO_MANY_REQUESTS).html(loginPage.replace("{{token}}", formToken)
                    .replace("{{message}}", (t.lockedOut() ? "Locked out" : "Too many failed attempts")
                            + ": try again in " + seconds + " s."));
        } else {
            ctx.redirect("/login?m=refused", HttpStatus.SEE_OTHER);
        }
    }

    private void logout(Context ctx) {
        Session s = ctx.attribute("session");
        sessions.close(s.id());
        ctx.header("Set-Cookie", cookie(SESSION_COOKIE, "", 0, ctx));
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    private void session(Context ctx) {
        Session s = ctx.attribute("session");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", s.user());
        m.put("role", s.role().name().toLowerCase());
        m.put("mayAct", s.role().mayAct());
        m.put("csrf", s.csrfToken());
        m.put("expiresAt", s.expiresAt().toEpochMilli());
        json(ctx, m);
    }

    private void act(Context ctx, OperatorActionType type) {
        Session s = ctx.attribute("session");
        String note = "";
        String body = ctx.body();
        if (!body.isBlank()) {
            try {
                JsonNode n = JSON.readTree(body);
                note = n.path("note").asText("");
            } catch (IOException e) {
                ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "body must be JSON like {\"note\": \"...\"}"));
                return;
            }
        }
        try {
            String id = actions.act(type, ctx.pathParam("id"), s.user(), note);
            ctx.status(HttpStatus.ACCEPTED);
            json(ctx, Map.of("actionId", id, "action", type.displayName(), "target", ctx.pathParam("id")));
        } catch (IllegalArgumentException e) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", e.getMessage()));
        } catch (NoSuchTargetException e) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", e.getMessage()));
        } catch (ActionPublisher.ActionNotSentException e) {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error", e.getMessage()));
        }
    }

    private String cookie(String name, String value, int maxAgeSeconds, Context ctx) {
        boolean secure = secureCookies || "https".equals(ctx.scheme());
        return name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    private static void json(Context ctx, Object o) {
        ctx.contentType("application/json").result(write(o));
    }

    static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = WebServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The action's alarm or device is not known to the dashboard. */
    public static final class NoSuchTargetException extends RuntimeException {
        public NoSuchTargetException(String message) {
            super(message);
        }
    }

    @Override
    public void close() {
        hub.dropAll();
        http.stop();
    }
}
