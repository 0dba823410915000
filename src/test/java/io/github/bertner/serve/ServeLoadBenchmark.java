package io.github.bertner.serve;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.bertner.inference.DefaultModels;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load benchmark of {@code POST /api/tag}: a {@link NerServer} on a free loopback port with the default
 * English model (or {@code --model DIR}), and N clients in the same JVM, each sending its next request as
 * soon as the last one is answered (closed loop), for a fixed time after a warm-up. Reports requests per
 * second, latency percentiles, errors (any status other than 200, or a failed request) and the resident
 * set size (VmRSS of this process, server and clients together) before loading the model, after loading
 * it, after the warm-up and after the run.
 *
 * <p>Bounded: nothing but loopback is contacted, each request times out after 60 s, and the run ends
 * after {@code warmup + seconds} plus at most one request timeout.
 *
 * <p>Usage: {@code ServeLoadBenchmark [--model DIR] [--clients 16] [--seconds 60] [--warmup 5]
 * [--texts examples/texts/en-news.txt]}; the texts file holds one request text per non-blank line.
 */
public final class ServeLoadBenchmark {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private ServeLoadBenchmark() {
    }

    /** What one client measured. */
    private static final class ClientStats {
        final List<Long> latencyNanos = new ArrayList<>();
        long entities;
        long warmupRequests;
    }

    /**
     * Runs the benchmark and prints the results as Markdown.
     *
     * @param args see the class comment
     * @throws Exception when the model cannot be loaded or the server not started
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        int clients = Integer.parseInt(opt.getOrDefault("clients", "16"));
        int seconds = Integer.parseInt(opt.getOrDefault("seconds", "60"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "5"));
        Path model = opt.containsKey("model") ? Path.of(opt.get("model")) : DefaultModels.locate("en");
        Path textsFile = Path.of(opt.getOrDefault("texts", "examples/texts/en-news.txt"));
        List<String> texts = Files.readAllLines(textsFile, StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (texts.isEmpty() || clients < 1 || seconds < 1 || warmup < 0) {
            throw new IllegalArgumentException("expected texts in " + textsFile + ", clients >= 1, seconds >= 1 and"
                    + " warmup >= 0, found " + texts.size() + " texts, " + clients + ", " + seconds + ", " + warmup);
        }
        String loadAtStart = loadAverage();
        long rssStart = rssKiB("VmRSS");
        long loadStart = System.nanoTime();
        NerService service = NerService.builder().addModel("en", PredictorTagger.load(model, "cpu", 32)).build();
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        try (NerServer server = NerServer.builder(service).optHost("127.0.0.1").optPort(0).start()) {
            long rssLoaded = rssKiB("VmRSS");
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/api/tag");
            List<byte[]> bodies = new ArrayList<>();
            for (String t : texts) {
                JsonObject o = new JsonObject();
                o.addProperty("text", t);
                o.addProperty("lang", "en");
                bodies.add(o.toString().getBytes(StandardCharsets.UTF_8));
            }
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newFixedThreadPool(4)).build();
            Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
            long t0 = System.nanoTime();
            long measureFrom = t0 + TimeUnit.SECONDS.toNanos(warmup);
            long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
            List<Future<ClientStats>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    ClientStats s = new ClientStats();
                    for (int i = client; System.nanoTime() < end; i++) {
                        HttpRequest req = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i % bodies.size()))).build();
                        long a = System.nanoTime();
                        String outcome;
                        HttpResponse<String> r = null;
                        try {
                            r = http.send(req, HttpResponse.BodyHandlers.ofString());
                            outcome = r.statusCode() == 200 ? null : "HTTP " + r.statusCode();
                        } catch (IOException e) {
                            outcome = e.getClass().getSimpleName();
                        }
                        long b = System.nanoTime();
                        if (a < measureFrom) {
                            s.warmupRequests++;
                            continue; // warm-up
                        }
                        if (outcome != null) {
                            errors.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
                        } else {
                            s.latencyNanos.add(b - a);
                            s.entities += JsonParser.parseString(r.body()).getAsJsonObject()
                                    .getAsJsonArray("entities").size();
                        }
                    }
                    return s;
                }));
            }
            Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(measureFrom - System.nanoTime())));
            long rssWarm = rssKiB("VmRSS");
            List<Long> all = new ArrayList<>();
            long entities = 0;
            long warmupRequests = 0;
            for (Future<ClientStats> f : futures) {
                ClientStats s = f.get(seconds + warmup + REQUEST_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
                all.addAll(s.latencyNanos);
                entities += s.entities;
                warmupRequests += s.warmupRequests;
            }
            double elapsed = (System.nanoTime() - measureFrom) / 1e9;
            pool.shutdownNow();
            long rssAfter = rssKiB("VmRSS");
            long rssPeak = rssKiB("VmHWM");
            long[] lat = all.stream().mapToLong(Long::longValue).sorted().toArray();
            long errorCount = errors.values().stream().mapToLong(AtomicLong::get).sum();
            Runtime rt = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "%n| setting | value |%n|---|---|%n");
            System.out.printf(Locale.ROOT, "| model | %s (loaded in %.1f s) |%n", model, loadSeconds);
            System.out.printf(Locale.ROOT, "| clients / duration | %d closed-loop clients, %d s after %d s warm-up |%n",
                    clients, seconds, warmup);
            System.out.printf(Locale.ROOT, "| request | one of %d texts of %s (%s words) |%n", texts.size(), textsFile,
                    texts.stream().map(t -> String.valueOf(t.split("\\s+").length)).toList());
            System.out.printf(Locale.ROOT, "| JVM | Java %s, %d processors visible, max heap %d MiB |%n",
                    System.getProperty("java.version"), rt.availableProcessors(), rt.maxMemory() >> 20);
            System.out.printf(Locale.ROOT, "%n| metric | value |%n|---|---:|%n");
            System.out.printf(Locale.ROOT, "| warm-up requests (not counted) | %d |%n", warmupRequests);
            System.out.printf(Locale.ROOT, "| requests (200) | %d |%n", lat.length);
            System.out.printf(Locale.ROOT, "| requests/s | %.2f |%n", lat.length / elapsed);
            System.out.printf(Locale.ROOT, "| entities returned | %d |%n", entities);
            System.out.printf(Locale.ROOT, "| latency p50 | %s |%n", ms(percentile(lat, 0.50)));
            System.out.printf(Locale.ROOT, "| latency p90 | %s |%n", ms(percentile(lat, 0.90)));
            System.out.printf(Locale.ROOT, "| latency p99 | %s |%n", ms(percentile(lat, 0.99)));
            System.out.printf(Locale.ROOT, "| latency max | %s |%n", ms(lat.length == 0 ? -1 : lat[lat.length - 1]));
            System.out.printf(Locale.ROOT, "| errors | %d %s |%n", errorCount, errorCount == 0 ? "" : new TreeMap<>(errors));
            System.out.printf(Locale.ROOT, "| RSS before loading the model | %d MiB |%n", rssStart >> 10);
            System.out.printf(Locale.ROOT, "| RSS after loading, server started | %d MiB |%n", rssLoaded >> 10);
            System.out.printf(Locale.ROOT, "| RSS after the warm-up | %d MiB |%n", rssWarm >> 10);
            System.out.printf(Locale.ROOT, "| RSS after the run | %d MiB |%n", rssAfter >> 10);
            System.out.printf(Locale.ROOT, "| RSS peak (VmHWM) | %d MiB |%n", rssPeak >> 10);
            System.out.printf(Locale.ROOT, "| load average (1/5/15 min) at start / end | %s; %s |%n", loadAtStart,
                    loadAverage());
            if (errorCount > 0) {
                System.exit(1);
            }
        }
        System.exit(0);
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String ms(long nanos) {
        return nanos < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
    }

    private static long rssKiB(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no RSS
        }
        return -1;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return String.join(" / ", Arrays.copyOf(f, 3));
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, found '" + args[i] + "'");
            }
            out.put(args[i].substring(2), args[++i]);
        }
        return out;
    }
}
