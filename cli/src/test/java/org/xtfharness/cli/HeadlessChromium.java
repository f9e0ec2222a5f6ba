package org.xtfharness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium driven over the DevTools protocol, with the JDK's own WebSocket: load
 * a page, hear its console errors and network requests, evaluate script, click like a mouse does,
 * take a screenshot. Enough to check a report as a person would see it, with no new dependency.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();

    /** The Chromium program on PATH, if any. */
    static Optional<Path> find() {
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    static HeadlessChromium start(Path program, Path profile) throws Exception {
        return new HeadlessChromium(program, profile);
    }

    private HeadlessChromium(Path program, Path profile) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                program.toString(),
                "--headless",
                "--disable-gpu",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--window-size=1100,900"));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--no-sandbox"); // Chromium refuses to run as root with its sandbox
        }
        cmd.add("about:blank");
        process = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String browserUrl = awaitListening();
        int port = URI.create(browserUrl).getPort();
        HttpClient http = HttpClient.newHttpClient();
        String pageUrl = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (pageUrl == null && System.nanoTime() < deadline) {
            HttpResponse<String> list = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode t : JSON.readTree(list.body())) {
                if ("page".equals(t.path("type").asText())) {
                    pageUrl = t.path("webSocketDebuggerUrl").asText();
                }
            }
            if (pageUrl == null) {
                Thread.sleep(100);
            }
        }
        if (pageUrl == null) {
            throw new IllegalStateException("Chromium opened no page; its stderr: " + stderr);
        }
        socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(pageUrl), new Listener())
                .get(20, TimeUnit.SECONDS);
        for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
            call(domain + ".enable", Map.of());
        }
    }

    private String awaitListening() throws Exception {
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(
                            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            synchronized (stderr) {
                                stderr.add(line);
                            }
                            Matcher m = LISTENING.matcher(line);
                            if (m.find()) {
                                url.complete(m.group(1));
                            }
                        }
                    } catch (IOException e) {
                        url.completeExceptionally(e);
                    }
                    url.completeExceptionally(new IllegalStateException("Chromium exited before listening: " + stderr));
                },
                "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        return url.get(60, TimeUnit.SECONDS);
    }

    /** Sends one DevTools command and waits for its result. */
    JsonNode call(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(msg), true).get(20, TimeUnit.SECONDS);
        JsonNode reply = f.get(30, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    /** Loads a URL and waits for its load event. */
    void open(String url) throws Exception {
        int seen = eventCount();
        call("Page.navigate", Map.of("url", url));
        awaitEvent("Page.loadEventFired", seen, Duration.ofSeconds(30));
    }

    /** Evaluates an expression in the page and returns its value. */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + expression + ": " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Clicks the middle of the first element matching a CSS selector, with mouse events as a person's click. */
    void click(String selector) throws Exception {
        JsonNode box = eval("(function(){var e=document.querySelector(" + JSON.writeValueAsString(selector)
                + ");if(!e){return null;}e.scrollIntoView({block:'center'});var r=e.getBoundingClientRect();"
                + "return {x:r.left+Math.min(r.width/2,40),y:r.top+r.height/2};})()");
        if (box.isNull() || box.isMissingNode()) {
            throw new IllegalStateException("nothing to click: " + selector);
        }
        double x = box.get("x").asDouble();
        double y = box.get("y").asDouble();
        call("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
        call(
                "Input.dispatchMouseEvent",
                Map.of("type", "mousePressed", "x", x, "y", y, "button", "left", "clickCount", 1));
        call(
                "Input.dispatchMouseEvent",
                Map.of("type", "mouseReleased", "x", x, "y", y, "button", "left", "clickCount", 1));
    }

    /** Focuses the first element matching a CSS selector and presses Enter on the keyboard. */
    void pressEnter(String selector) throws Exception {
        eval("document.querySelector(" + JSON.writeValueAsString(selector) + ").focus()");
        call(
                "Input.dispatchKeyEvent",
                Map.of(
                        "type",
                        "keyDown",
                        "key",
                        "Enter",
                        "code",
                        "Enter",
                        "windowsVirtualKeyCode",
                        13,
                        "nativeVirtualKeyCode",
                        13));
        call(
                "Input.dispatchKeyEvent",
                Map.of(
                        "type",
                        "keyUp",
                        "key",
                        "Enter",
                        "code",
                        "Enter",
                        "windowsVirtualKeyCode",
                        13,
                        "nativeVirtualKeyCode",
                        13));
    }

    /** A PNG of the page as it is laid out now, whole height. */
    byte[] screenshot(int width) throws Exception {
        int height = eval("Math.ceil(document.documentElement.scrollHeight)").asInt();
        call(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", Math.min(height, 4000), "deviceScaleFactor", 1, "mobile", false));
        JsonNode r = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        return Base64.getDecoder().decode(r.get("data").asText());
    }

    /** Console errors, uncaught exceptions and log entries of level error seen so far. */
    List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (JsonNode e : eventsSnapshot()) {
            String m = e.path("method").asText();
            JsonNode p = e.path("params");
            if (m.equals("Runtime.exceptionThrown")) {
                errors.add("exception: " + p.path("exceptionDetails"));
            } else if (m.equals("Runtime.consoleAPICalled")
                    && p.path("type").asText().matches("error|assert")) {
                errors.add("console." + p.path("type").asText() + ": " + p.path("args"));
            } else if (m.equals("Log.entryAdded")
                    && p.path("entry").path("level").asText().equals("error")) {
                errors.add("log: " + p.path("entry").path("text").asText() + " "
                        + p.path("entry").path("url").asText());
            }
        }
        return errors;
    }

    /** The URL of every network request the page made so far. */
    List<String> requests() {
        List<String> urls = new ArrayList<>();
        for (JsonNode e : eventsSnapshot()) {
            if (e.path("method").asText().equals("Network.requestWillBeSent")) {
                urls.add(e.path("params").path("request").path("url").asText());
            }
        }
        return urls;
    }

    private List<JsonNode> eventsSnapshot() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    private int eventCount() {
        synchronized (events) {
            return events.size();
        }
    }

    private void awaitEvent(String method, int after, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (int i = after; i < events.size(); i++) {
                    if (events.get(i).path("method").asText().equals(method)) {
                        return;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no " + method + " within " + timeout);
                }
                events.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }
    }

    @Override
    public void close() throws Exception {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // Chromium is being stopped anyway
        }
        // Chromium's helpers (zygote, crashpad) can outlive the browser and still write to the profile,
        // which then cannot be deleted with the test's temp dir: stop and wait for every one of them.
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle h : helpers) {
            h.destroy();
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                h.destroyForcibly();
                h.onExit().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode msg = JSON.readTree(text);
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f =
                                pending.remove(msg.get("id").asInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    } else {
                        synchronized (events) {
                            events.add(msg);
                            events.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("DevTools sent what is not JSON: " + text, e);
                }
            }
            ws.request(1);
            return null;
        }
    }
}
