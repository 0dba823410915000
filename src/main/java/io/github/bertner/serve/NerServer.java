package io.github.bertner.serve;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front of a {@link NerService}, on the JDK's built-in server:
 * <ul>
 *   <li>{@code POST /api/tag} {@code {"text", "lang"?}} → {@link TaggedText};</li>
 *   <li>{@code POST /api/compare} {@code {"source": {"text", "lang"}, "target": {"text", "lang"}}} →
 *       {@link PairResult};</li>
 *   <li>{@code GET /health} → status, models with their queue lengths, requests served;</li>
 *   <li>{@code GET /} the demo page, and its assets under {@code /assets/}, from the jar.</li>
 * </ul>
 * Errors are JSON {@code {"error": code, "message": text}}: 400 for malformed JSON, invalid UTF-8, a
 * missing or mistyped field or an unknown language; 404/405 for unknown paths and methods; 413 when the
 * body exceeds the limit; 503 with {@code Retry-After} when a model's queue is full or a result times out;
 * 500 for anything else, which is logged and never stops the server. One access-log line per request
 * goes to the SLF4J logger {@value #ACCESS_LOG}.
 */
public final class NerServer implements AutoCloseable {

    /** Name of the access-log logger. */
    public static final String ACCESS_LOG = "io.github.bertner.serve.access";
    /** Default body limit in bytes (256 KiB: about 40,000 words, a minute of tagging on one CPU core). */
    public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;

    /** Largest body read to its end before a 413; a longer one is cut off with the connection. */
    private static final long DRAIN_LIMIT_BYTES = 16L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(NerServer.class);
    private static final Logger ACCESS = LoggerFactory.getLogger(ACCESS_LOG);
    private static final String ASSETS = "/io/github/bertner/serve/web/";
    private static final Map<String, String> PAGES = Map.of(
            "/", "index.html", "/assets/app.js", "app.js", "/assets/app.css", "app.css");

    private final NerService service;
    private final HttpServer server;
    private final ExecutorService executor;
    private final int maxBodyBytes;
    private final int retryAfterSeconds;
    private final int shutdownGraceSeconds;
    private final Gson gson = new GsonBuilder().disableHtmlEscaping().create();
    private final AtomicLong served = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final long started = System.nanoTime();
    private volatile boolean stopping;

    private NerServer(Builder b) throws IOException {
        this.service = b.service;
        this.maxBodyBytes = b.maxBodyBytes;
        this.retryAfterSeconds = b.retryAfterSeconds;
        this.shutdownGraceSeconds = b.shutdownGraceSeconds;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(b.threads, r -> {
            Thread t = new Thread(r, "bertner-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(b.host, b.port), b.backlog);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("serving {} on http://{}:{}/ (models {}, body limit {} bytes)", service.languages(), b.host,
                port(), service.languages(), maxBodyBytes);
    }

    /**
     * @param service the tagging service (closed with the server)
     * @return a builder
     */
    public static Builder builder(NerService service) {
        return new Builder(service);
    }

    /** Options of a {@link NerServer}; only the service is required. */
    public static final class Builder {
        private final NerService service;
        private String host = "127.0.0.1";
        private int port = 8080;
        private int threads = 16;
        private int backlog = 64;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int retryAfterSeconds = 1;
        private int shutdownGraceSeconds = 10;

        private Builder(NerService service) {
            this.service = Objects.requireNonNull(service, "service");
        }

        /**
         * @param host address to bind (default 127.0.0.1, loopback only)
         * @return this builder
         */
        public Builder optHost(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * @param port TCP port (default 8080; 0 picks a free one, see {@link #port()})
         * @return this builder
         */
        public Builder optPort(int port) {
            this.port = port;
            return this;
        }

        /**
         * @param threads request threads (default 16)
         * @return this builder
         */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * @param maxBodyBytes largest accepted request body (default {@value #DEFAULT_MAX_BODY_BYTES})
         * @return this builder
         */
        public Builder optMaxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /**
         * @param shutdownGraceSeconds longest wait for running requests on {@link #close()} (default 10)
         * @return this builder
         */
        public Builder optShutdownGraceSeconds(int shutdownGraceSeconds) {
            this.shutdownGraceSeconds = shutdownGraceSeconds;
            return this;
        }

        /**
         * Binds the port and starts serving.
         *
         * @return the running server; close it
         * @throws IOException when the port cannot be bound
         */
        public NerServer start() throws IOException {
            return new NerServer(this);
        }
    }

    /** @return the bound port */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) {
        inFlight.incrementAndGet();
        try {
            handleCounted(ex);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void handleCounted(HttpExchange ex) {
        long t0 = System.nanoTime();
        int status;
        long bytes;
        try {
            Response r = respond(ex);
            status = r.status();
            bytes = send(ex, r);
        } catch (IOException e) {
            // the client went away mid-answer; nothing left to tell it
            status = -1;
            bytes = 0;
            LOG.debug("{} {}: writing the answer failed", ex.getRequestMethod(), ex.getRequestURI(), e);
        } finally {
            ex.close();
        }
        served.incrementAndGet();
        ACCESS.info("{} \"{} {}\" {} {} {}ms", ex.getRemoteAddress().getAddress().getHostAddress(),
                ex.getRequestMethod(), ex.getRequestURI().getRawPath(), status, bytes,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    }

    private Response respond(HttpExchange ex) {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        try {
            if (stopping && path.startsWith("/api/")) {
                throw new ApiException(503, "stopping", "the server is shutting down");
            }
            return switch (path) {
                case "/api/tag" -> {
                    requireMethod(method, "POST");
                    yield json(200, tag(readObject(ex)));
                }
                case "/api/compare" -> {
                    requireMethod(method, "POST");
                    yield json(200, compare(readObject(ex)));
                }
                case "/health" -> {
                    requireMethod(method, "GET");
                    yield json(stopping ? 503 : 200, health());
                }
                default -> {
                    String asset = PAGES.get(path);
                    if (asset == null) {
                        throw new ApiException(404, "not_found", "no such path: " + path
                                + " (expected /, /health, /api/tag or /api/compare)");
                    }
                    requireMethod(method, "GET");
                    yield asset(asset);
                }
            };
        } catch (ApiException e) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (e.status() == 503) {
                headers.put("Retry-After", Integer.toString(retryAfterSeconds));
            }
            if (e.status() == 405) {
                headers.put("Allow", path.startsWith("/api/") ? "POST" : "GET");
            }
            String code = e.code();
            if (code.equals("body_too_large_dropped")) {
                // the unread rest of the body is not worth skipping: end the connection
                headers.put("Connection", "close");
                code = "body_too_large";
            }
            return error(e.status(), code, e.getMessage(), headers);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", method, path, e);
            return error(500, "internal", e.getClass().getSimpleName() + ": " + e.getMessage(), Map.of());
        }
    }

    private static void requireMethod(String method, String expected) throws ApiException {
        if (!expected.equals(method)) {
            throw new ApiException(405, "method_not_allowed", "expected " + expected + ", found " + method);
        }
    }

    private TaggedText tag(JsonObject body) throws ApiException {
        String text = stringField(body, "text", "");
        String lang = body.has("lang") && !body.get("lang").isJsonNull() ? stringField(body, "lang", "") : null;
        try {
            return service.tag(text, lang);
        } catch (UnknownLanguageException e) {
            throw new ApiException(400, "unknown_language", e.getMessage());
        } catch (QueueFullException e) {
            throw new ApiException(503, "queue_full", e.getMessage());
        } catch (TimeoutException e) {
            throw new ApiException(503, "timeout", "tagging took longer than the server's timeout");
        }
    }

    private PairResult compare(JsonObject body) throws ApiException {
        JsonObject source = objectField(body, "source");
        JsonObject target = objectField(body, "target");
        String st = stringField(source, "text", "source.");
        String sl = stringField(source, "lang", "source.");
        String tt = stringField(target, "text", "target.");
        String tl = stringField(target, "lang", "target.");
        try {
            return service.compare(st, sl, tt, tl);
        } catch (UnknownLanguageException e) {
            throw new ApiException(400, "unknown_language", e.getMessage());
        } catch (QueueFullException e) {
            throw new ApiException(503, "queue_full", e.getMessage());
        } catch (TimeoutException e) {
            throw new ApiException(503, "timeout", "tagging took longer than the server's timeout");
        }
    }

    private Map<String, Object> health() {
        Map<String, Object> models = new LinkedHashMap<>();
        for (String lang : service.languages()) {
            BatchingTagger q = service.queue(lang);
            models.put(lang, Map.of("model", q.tagger().modelId(), "types", q.tagger().types(),
                    "waiting", q.waiting(), "capacity", q.capacity()));
        }
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", stopping ? "stopping" : "ok");
        h.put("defaultLanguage", service.defaultLanguage());
        h.put("models", models);
        h.put("requests", served.get());
        h.put("uptimeSeconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        return h;
    }

    private static String stringField(JsonObject o, String name, String prefix) throws ApiException {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw new ApiException(400, "missing_field", "missing field '" + prefix + name + "' (a string)");
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new ApiException(400, "invalid_field", "field '" + prefix + name + "': expected a string, found "
                    + e);
        }
        return e.getAsString();
    }

    private static JsonObject objectField(JsonObject o, String name) throws ApiException {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw new ApiException(400, "missing_field", "missing field '" + name + "' (an object {text, lang})");
        }
        if (!e.isJsonObject()) {
            throw new ApiException(400, "invalid_field", "field '" + name + "': expected an object, found " + e);
        }
        return e.getAsJsonObject();
    }

    private JsonObject readObject(HttpExchange ex) throws ApiException {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw new ApiException(400, "bad_request", "Content-Length: expected a number, found '"
                        + declared + "'");
            }
            if (length > DRAIN_LIMIT_BYTES) {
                throw tooLarge(length, true);
            }
        }
        byte[] body = readBody(ex);
        String text = decodeUtf8(body);
        if (text.isBlank()) {
            throw new ApiException(400, "malformed_json", "empty request body: expected a JSON object");
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement e = JsonParser.parseReader(reader);
            if (!atEnd(reader)) {
                throw new ApiException(400, "malformed_json", "malformed JSON: text after the top-level value");
            }
            if (!e.isJsonObject()) {
                throw new ApiException(400, "malformed_json", "expected a JSON object, found "
                        + (e.isJsonArray() ? "an array" : e.isJsonNull() ? "null" : "a " + e.getClass().getSimpleName()
                        .replace("Json", "").toLowerCase(java.util.Locale.ROOT)));
            }
            return e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            String m = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : e.getMessage();
            throw new ApiException(400, "malformed_json", "malformed JSON: " + gsonMessage(m));
        }
    }

    private static boolean atEnd(JsonReader reader) {
        try {
            return reader.peek() == JsonToken.END_DOCUMENT;
        } catch (IOException e) {
            // a strict reader refuses a second top-level value before returning its token
            return false;
        }
    }

    /** Gson's parse message without its advice on lenient parsing and its troubleshooting link. */
    private static String gsonMessage(String m) {
        String s = m == null ? "unexpected end of input" : m;
        int see = s.indexOf("\nSee ");
        if (see >= 0) {
            s = s.substring(0, see);
        }
        return s.replace("java.io.EOFException: ", "").replace("com.google.gson.stream.MalformedJsonException: ", "")
                .replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "syntax error")
                .trim();
    }

    private ApiException tooLarge(long length, boolean dropConnection) {
        return new ApiException(413, dropConnection ? "body_too_large_dropped" : "body_too_large",
                "request body of " + (dropConnection ? "more than " : "") + length
                        + " bytes exceeds the limit of " + maxBodyBytes + " bytes");
    }

    private byte[] readBody(HttpExchange ex) throws ApiException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        long total = 0;
        try (InputStream in = ex.getRequestBody()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                total += n;
                if (total <= maxBodyBytes) {
                    out.write(buf, 0, n);
                } else if (total > DRAIN_LIMIT_BYTES) {
                    // beyond this, reading on only feeds a misbehaving client: answer and drop the connection
                    throw tooLarge(total, true);
                }
            }
        } catch (IOException e) {
            throw new ApiException(400, "bad_request", "reading the request body failed: " + e.getMessage());
        }
        if (total > maxBodyBytes) {
            // read to the end, so the client gets its 413 on a clean connection
            throw tooLarge(total, false);
        }
        return out.toByteArray();
    }

    private static String decodeUtf8(byte[] body) throws ApiException {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            throw new ApiException(400, "invalid_utf8", "request body is not valid UTF-8: "
                    + r.length() + " invalid byte(s) at offset " + in.position());
        }
        d.flush(out);
        return out.flip().toString();
    }

    private Response json(int status, Object value) {
        return new Response(status, "application/json; charset=utf-8",
                gson.toJson(value).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private Response error(int status, String code, String message, Map<String, String> headers) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return new Response(status, "application/json; charset=utf-8",
                gson.toJson(body).getBytes(StandardCharsets.UTF_8), headers);
    }

    private Response asset(String name) {
        try (InputStream in = NerServer.class.getResourceAsStream(ASSETS + name)) {
            if (in == null) {
                throw new IllegalStateException("page asset missing from the jar: " + ASSETS + name);
            }
            String type = name.endsWith(".html") ? "text/html; charset=utf-8"
                    : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            return new Response(200, type, in.readAllBytes(), Map.of("Cache-Control", "no-cache"));
        } catch (IOException e) {
            throw new IllegalStateException("reading page asset " + name + " failed", e);
        }
    }

    private static long send(HttpExchange ex, Response r) throws IOException {
        ex.getResponseHeaders().set("Content-Type", r.contentType());
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(r.status(), r.body().length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(r.body());
        }
        return r.body().length;
    }

    /**
     * Stops accepting connections, lets running requests finish (up to the grace period), tags what
     * is queued and closes the models.
     */
    @Override
    public void close() {
        stopping = true;
        LOG.info("stopping: waiting up to {} s for {} running requests", shutdownGraceSeconds, inFlight.get());
        // JDK 17's HttpServer.stop(delay) waits the whole delay while keep-alive connections are open, so
        // the wait for running requests is ours and the server is stopped once they are done
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(shutdownGraceSeconds);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(shutdownGraceSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        service.close();
        LOG.info("stopped after {} requests", served.get());
    }

    /** @return requests answered so far */
    public long served() {
        return served.get();
    }

    /** @return languages served */
    public List<String> languages() {
        return service.languages();
    }
}
