package io.github.bertner.cli;

import io.github.bertner.serve.NerServer;
import io.github.bertner.serve.NerService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bertner serve}: the HTTP API and the demo page ({@link NerServer}) until SIGTERM or Ctrl-C,
 * which stop it gracefully: running requests finish, then the models are closed.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the tagging API (POST /api/tag, POST /api/compare, GET /health) and the demo page (GET /).",
                "Stops gracefully on SIGTERM or Ctrl-C."})
public final class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--threads", defaultValue = "16", description = "Request threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--queue", defaultValue = "64",
            description = "Requests that may wait per model before 503 (default ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--max-body-bytes", defaultValue = "262144",
            description = "Largest request body in bytes; larger gets 413 (default ${DEFAULT-VALUE}).")
    int maxBodyBytes;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Path> dirs = modelOptions.resolve(spec.commandLine(), out);
        NerService service = modelOptions.load(dirs, NerService.builder().optQueueCapacity(queue)
                .optMatcher(modelOptions.matcher(spec.commandLine())));
        NerServer server;
        try {
            server = NerServer.builder(service).optHost(host).optPort(port).optThreads(threads)
                    .optMaxBodyBytes(maxBodyBytes).start();
        } catch (Exception e) {
            service.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "bertner-serve-shutdown"));
        out.printf("serving %s on http://%s:%d/ (Ctrl-C to stop)%n", dirs, host, server.port());
        out.flush();
        stopped.await();
        return 0;
    }
}
