package io.github.bertner.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NerServerTest {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private NerServer server;
    private FakeTagger en;
    private FakeTagger ru;

    private void start(boolean blockingEn, int queue, int maxBody) throws IOException {
        en = new FakeTagger("fake-en", blockingEn);
        ru = new FakeTagger("fake-ru", false);
        NerService service = NerService.builder().addModel("en", en).addModel("ru", ru).optQueueCapacity(queue).build();
        server = NerServer.builder(service).optPort(0).optMaxBodyBytes(maxBody).optShutdownGraceSeconds(5).start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            en.release();
            server.close();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> post(String path, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return post(path, json.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static void assertError(HttpResponse<String> r, int status, String code, String message) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        JsonObject j = json(r);
        assertEquals(code, j.get("error").getAsString());
        assertEquals(message, j.get("message").getAsString());
    }

    private void assertStillServing() throws Exception {
        HttpResponse<String> r = post("/api/tag", "{\"text\":\"Angela lives in Berlin.\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(2, json(r).getAsJsonArray("entities").size());
    }

    @Test
    void tagGivesEntitiesWithCodePointAndUtf16OffsetsSentencesAndTokens() throws Exception {
        start(false, 8, NerServer.DEFAULT_MAX_BODY_BYTES);
        // the emoji is two UTF-16 units but one code point, so the offsets part after it
        HttpResponse<String> r = post("/api/tag", "{\"text\":\"\uD83D\uDE00 Angela Feldstein met Siemens. Berlin!\",\"lang\":\"en\"}");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject j = json(r);
        assertEquals("en", j.get("lang").getAsString());
        assertEquals("fake-en", j.get("model").getAsString());
        JsonArray entities = j.getAsJsonArray("entities");
        assertEquals(3, entities.size());
        JsonObject per = entities.get(0).getAsJsonObject();
        assertEquals("Angela Feldstein", per.get("text").getAsString());
        assertEquals("PER", per.get("type").getAsString());
        assertEquals(0.97, per.get("confidence").getAsDouble());
        assertEquals(2, per.get("begin").getAsInt());
        assertEquals(18, per.get("end").getAsInt());
        assertEquals(3, per.get("beginUtf16").getAsInt());
        assertEquals(19, per.get("endUtf16").getAsInt());
        assertEquals(0, per.get("sentence").getAsInt());
        JsonObject org = entities.get(1).getAsJsonObject();
        assertEquals("Siemens", org.get("text").getAsString());
        JsonObject loc = entities.get(2).getAsJsonObject();
        assertEquals("Berlin", loc.get("text").getAsString());
        assertEquals(1, loc.get("sentence").getAsInt());
        assertEquals(2, j.getAsJsonArray("sentences").size());
        // 😀 Angela Feldstein met Siemens . Berlin !
        assertEquals(8, j.getAsJsonArray("tokens").size());
    }

    @Test
    void languageDefaultsToEnglishAndRussianUsesItsModel() throws Exception {
        start(false, 8, NerServer.DEFAULT_MAX_BODY_BYTES);
        JsonObject j = json(post("/api/tag", "{\"text\":\"Angela\"}"));
        assertEquals("en", j.get("lang").getAsString());
        JsonObject r = json(post("/api/tag", "{\"text\":\"Фельдштейн в Москве.\",\"lang\":\"ru\"}"));
        assertEquals("fake-ru", r.get("model").getAsString());
        assertEquals(2, r.getAsJsonArray("entities").size());
        JsonObject empty = json(post("/api/tag", "{\"text\":\"\"}"));
        assertEquals(0, empty.getAsJsonArray("entities").size());
        assertEquals(0, empty.getAsJsonArray("sentences").size());
    }

    @Test
    void compareMatchesAcrossLanguagesAndFlags() throws Exception {
        start(false, 8, NerServer.DEFAULT_MAX_BODY_BYTES);
        HttpResponse<String> r = post("/api/compare", "{\"source\":{\"text\":\"Фельдштейн и Газпром в Москве.\",\"lang\":\"ru\"},"
                + "\"target\":{\"text\":\"Feldstein is in Moscow.\",\"lang\":\"en\"}}");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject j = json(r);
        assertEquals(3, j.getAsJsonObject("source").getAsJsonArray("entities").size());
        assertEquals(2, j.getAsJsonObject("target").getAsJsonArray("entities").size());
        JsonObject cmp = j.getAsJsonObject("comparison");
        assertEquals("3 source, 2 target entities; 2 matched (1 by type only); 1 missing in translation; ORG 1 → 0",
                cmp.get("summary").getAsString());
        JsonObject m0 = cmp.getAsJsonArray("matches").get(0).getAsJsonObject();
        assertEquals(0, m0.get("source").getAsInt());
        assertEquals(0, m0.get("target").getAsInt());
        assertEquals("NAME", m0.get("basis").getAsString());
        JsonObject flag = cmp.getAsJsonArray("flags").get(0).getAsJsonObject();
        assertEquals("MISSING_IN_TRANSLATION", flag.get("kind").getAsString());
        assertEquals(1, flag.get("source").getAsInt());
    }

    @Test
    void malformedJsonIs400() throws Exception {
        start(false, 8, NerServer.DEFAULT_MAX_BODY_BYTES);
        assertError(post("/api/tag", "{\"text\": \"unterminated"), 400, "malformed_json",
                "malformed JSON: Unterminated string at line 1 column 23 path $.text");
        assertError(post("/api/tag", "{text: \"lenient syntax is refused\"}"), 400, "malformed_json",
                "malformed JSON: syntax error at line 1 column 3 path $.");
        assertError(post("/api/tag", "[1, 2]"), 400, "malformed_json", "expected a JSON object, found an array");
        assertError(post("/api/tag", "{\"text\":\"a\"} {}"), 400, "malformed_json",
                "malformed JSON: text after the top-level value");
        assertError(post("/api/tag", ""), 400, "malformed_json",
                "empty request body: expected a JSON object");
        assertStillServing();
    }

    @Test
    void missingOrMistypedFieldIs400() throws Exception {
        start(false, 8, NerServer.DEFAULT_MAX_BODY_BYTES);
        assertError(post("/api/tag", "{\"lang\":\"en\"}"), 400, "missing_field", "missing field 'text' (a string)");
        assertError(post("/api/tag", "{\"text\":42}"), 400, "invalid_field",
                "field 'text': expected a string, found 42");
        assertError(post("/api/compare", "{\"source\":{\"text\":\"a\",\"lang\":\"ru\"}}"), 400, "missing_field",
                "missing field 'target' (an object {text, lang})");
        assertError(post("/api/compare", "{\"source\":{\"text\":\"a\",\"lang\":\"ru\"},\"target\":{\"text\":\"b\"}}"),
                400, "missing_field", "missing field 'target.lang' (a string)");
        assertError(post("/api/compare", "{\"source\":\"a\",\"target\":{}}"), 400, "invalid_field",
                "field 'source': expected an object, found \"a\"");
        assertStillServing();
    }

    @Test
    void unknownLanguageIs400() throws Exception {
        start(false, 8, NerServer.DEFAULT_MAX_BODY_BYTES);
        assertError(post("/api/tag", "{\"text\":\"Hallo\",\"lang\":\"de\"}"), 400, "unknown_language",
                "unknown language 'de': expected one of [en, ru]");
        assertError(post("/api/compare", "{\"source\":{\"text\":\"a\",\"lang\":\"ru\"},\"target\":{\"text\":\"b\",\"lang\":\"fr\"}}"),
                400, "unknown_language", "unknown language 'fr': expected one of [en, ru]");
        assertStillServing();
    }

    @Test
    void oneMegabyteBodyIs413AndTheServerKeepsServing() throws Exception {
        start(false, 8, NerServer.DEFAULT_MAX_BODY_BYTES);
        String big = "{\"text\":\"" + "Angela ".repeat(1_000_000 / 7) + "\"}";
        byte[] body = big.getBytes(StandardCharsets.UTF_8);
        assertTrue(body.length >= 1_000_000);
        assertError(post("/api/tag", body), 413, "body_too_large",
                "request body of " + body.length + " bytes exceeds the limit of 262144 bytes");
        assertStillServing();
        // just under the limit is accepted and tagged whole
        String fits = "{\"text\":\"" + "Angela. ".repeat((NerServer.DEFAULT_MAX_BODY_BYTES - 20) / 8) + "\"}";
        HttpResponse<String> r = post("/api/tag", fits);
        assertEquals(200, r.statusCode());
        assertEquals((NerServer.DEFAULT_MAX_BODY_BYTES - 20) / 8, json(r).getAsJsonArray("entities").size());
    }

    @Test
    void oneMegabyteChunkedBodyIs413AndTheServerKeepsServing() throws Exception {
        start(false, 8, NerServer.DEFAULT_MAX_BODY_BYTES);
        byte[] body = ("{\"text\":\"" + "Angela ".repeat(1_000_000 / 7) + "\"}").getBytes(StandardCharsets.UTF_8);
        // no Content-Length: the limit is found while reading
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/api/tag"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(r, 413, "body_too_large",
                "request body of " + body.length + " bytes exceeds the limit of 262144 bytes");
        assertStillServing();
    }

    @Test
    void declaredHugeBodyIs413WithoutReadingItAndTheServerKeepsServing() throws Exception {
        start(false, 8, NerServer.DEFAULT_MAX_BODY_BYTES);
        // a declared 32 MB body is refused on its Content-Length, and the connection closed
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("POST /api/tag HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 33554432\r\n\r\n{\"text\":\"").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String answer = readResponse(s.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("\nconnection: close"), answer);
            assertTrue(answer.endsWith("\r\n\r\n{\"error\":\"body_too_large\",\"message\":\"request body of more"
                    + " than 33554432 bytes exceeds the limit of 262144 bytes\"}"), answer);
            // the rest of the body is not read: the server ends the connection
            assertThrows(IOException.class, () -> {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 512; i++) {
                    s.getOutputStream().write(chunk);
                }
                if (s.getInputStream().read() >= 0) {
                    throw new AssertionError("the connection stayed open");
                }
                throw new IOException("closed");
            });
        }
        assertStillServing();
    }

    /** One HTTP/1.1 response (status line, headers, a Content-Length body), read without waiting for EOF. */
    private static String readResponse(java.io.InputStream in) throws IOException {
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the headers: " + head);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(headers);
        assertTrue(m.find(), headers);
        return headers + new String(in.readNBytes(Integer.parseInt(m.group(1))), StandardCharsets.UTF_8);
    }

    @Test
    void truncatedAndOverlongUtf8Is400() throws Exception {
        start(false, 8, NerServer.DEFAULT_MAX_BODY_BYTES);
        byte[] head = "{\"text\":\"".getBytes(StandardCharsets.UTF_8);
        // the first two bytes of a three-byte sequence at the very end
        byte[] truncated = java.util.Arrays.copyOf(head, head.length + 2);
        truncated[head.length] = (byte) 0xE2;
        truncated[head.length + 1] = (byte) 0x82;
        assertError(post("/api/tag", truncated), 400, "invalid_utf8",
                "request body is not valid UTF-8: 2 invalid byte(s) at offset 9");
        // an overlong encoding of '/' (C0 AF) is refused, not decoded
        byte[] overlong = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        assertError(post("/api/tag", overlong), 400, "invalid_utf8",
                "request body is not valid UTF-8: 1 invalid byte(s) at offset 9");
        assertStillServing();
    }

    @Test
    void invalidUtf8Is400AndTheServerKeepsServing() throws Exception {
        start(false, 8, NerServer.DEFAULT_MAX_BODY_BYTES);
        byte[] head = "{\"text\":\"ab".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + 4];
        System.arraycopy(head, 0, body, 0, head.length);
        body[head.length] = (byte) 0xC3; // a lead byte followed by a non-continuation byte
        body[head.length + 1] = (byte) 0x28;
        body[head.length + 2] = '"';
        body[head.length + 3] = '}';
        assertError(post("/api/tag", body), 400, "invalid_utf8",
                "request body is not valid UTF-8: 1 invalid byte(s) at offset 11");
        assertStillServing();
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        start(false, 8, NerServer.DEFAULT_MAX_BODY_BYTES);
        assertError(get("/nope"), 404, "not_found", "no such path: /nope (expected /, /health, /api/tag or /api/compare)");
        HttpResponse<String> r = get("/api/tag");
        assertError(r, 405, "method_not_allowed", "expected POST, found GET");
        assertEquals("POST", r.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void fullQueueIs503WithRetryAfterAndServingResumes() throws Exception {
        start(true, 1, NerServer.DEFAULT_MAX_BODY_BYTES);
        CompletableFuture<HttpResponse<String>> first = client.sendAsync(HttpRequest.newBuilder(uri("/api/tag"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Angela\"}")).build(), HttpResponse.BodyHandlers.ofString());
        en.awaitEntered();
        CompletableFuture<HttpResponse<String>> second = client.sendAsync(HttpRequest.newBuilder(uri("/api/tag"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Berlin\"}")).build(), HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (json(get("/health")).getAsJsonObject("models").getAsJsonObject("en").get("waiting").getAsInt() < 1) {
            assertTrue(System.nanoTime() < deadline, "the second request never queued");
            Thread.sleep(20);
        }
        HttpResponse<String> refused = post("/api/tag", "{\"text\":\"Siemens\"}");
        assertError(refused, 503, "queue_full", "the en model's queue is full (1 requests waiting); retry later");
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
        // Russian has its own queue and is not affected
        assertEquals(200, post("/api/tag", "{\"text\":\"Москве\",\"lang\":\"ru\"}").statusCode());
        en.release();
        assertEquals(200, first.get(20, TimeUnit.SECONDS).statusCode());
        assertEquals(200, second.get(20, TimeUnit.SECONDS).statusCode());
        assertStillServing();
    }

    @Test
    void closeLetsTheRunningRequestFinishThenRefusesConnections() throws Exception {
        start(true, 4, NerServer.DEFAULT_MAX_BODY_BYTES);
        CompletableFuture<HttpResponse<String>> running = client.sendAsync(HttpRequest.newBuilder(uri("/api/tag"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Angela\"}")).build(), HttpResponse.BodyHandlers.ofString());
        en.awaitEntered();
        int port = server.port();
        Thread closer = new Thread(server::close);
        closer.start();
        Thread.sleep(300);
        en.release();
        HttpResponse<String> r = running.get(20, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertEquals("Angela", json(r).getAsJsonArray("entities").get(0).getAsJsonObject().get("text").getAsString());
        closer.join(20_000);
        assertTrue(en.closed, "the model is closed after the server");
        assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString()));
        server = null;
    }

    @Test
    void healthAndPageWithAssetsFromTheJar() throws Exception {
        start(false, 8, NerServer.DEFAULT_MAX_BODY_BYTES);
        JsonObject h = json(get("/health"));
        assertEquals("ok", h.get("status").getAsString());
        assertEquals("en", h.get("defaultLanguage").getAsString());
        assertEquals("fake-ru", h.getAsJsonObject("models").getAsJsonObject("ru").get("model").getAsString());
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(""));
        assertTrue(page.body().contains("<script src=\"/assets/app.js\"></script>"));
        assertTrue(!page.body().contains("http://") && !page.body().contains("https://"), "no external resources");
        assertEquals(200, get("/assets/app.js").statusCode());
        assertEquals("text/css; charset=utf-8", get("/assets/app.css").headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void concurrentRequestsAreBatchedIntoOneCall() throws Exception {
        start(true, 16, NerServer.DEFAULT_MAX_BODY_BYTES);
        CompletableFuture<HttpResponse<String>> first = client.sendAsync(HttpRequest.newBuilder(uri("/api/tag"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Angela\"}")).build(), HttpResponse.BodyHandlers.ofString());
        en.awaitEntered();
        java.util.List<CompletableFuture<HttpResponse<String>>> queued = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(client.sendAsync(HttpRequest.newBuilder(uri("/api/tag"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Berlin. Moscow.\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.languages().isEmpty() || json(get("/health")).getAsJsonObject("models").getAsJsonObject("en")
                .get("waiting").getAsInt() < 5) {
            assertTrue(System.nanoTime() < deadline, "requests never queued");
            Thread.sleep(20);
        }
        en.release();
        assertEquals(200, first.get(20, TimeUnit.SECONDS).statusCode());
        for (CompletableFuture<HttpResponse<String>> f : queued) {
            HttpResponse<String> r = f.get(20, TimeUnit.SECONDS);
            assertEquals(2, json(r).getAsJsonArray("entities").size());
        }
        // one call for the first request, one for the five queued ones (10 sentences)
        assertEquals(2, en.calls.get());
        assertEquals(10, en.maxSentencesPerCall.get());
    }
}
