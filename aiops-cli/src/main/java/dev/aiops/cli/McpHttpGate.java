package dev.aiops.cli;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What every request to the MCP endpoint passes before the SDK's servlet sees it, in this order:
 * <ol>
 *   <li>{@code Origin}, when a browser sends one, names this server (a loopback name, the bind address, an
 *       {@code --allowed-host}) or an {@code --allowed-origin}: a page of another site cannot drive the tools
 *       (DNS rebinding, cross-site requests). 403 otherwise.</li>
 *   <li>{@code Host} names this server, when no token is required or {@code --allowed-host} is given (with a
 *       token, a rebound page cannot authenticate, and in-cluster clients call the Service by its DNS name).
 *       A wildcard bind address also accepts any IP address, which no rebinding can forge. 403 otherwise.</li>
 *   <li>{@code Authorization: Bearer TOKEN} when a token is set; the scheme in any case, the token compared in
 *       constant time. 401 otherwise.</li>
 *   <li>A JSON body is one JSON-RPC message of at most {@value JsonRpcCheck#MAX_MESSAGE_BYTES} bytes
 *       ({@link JsonRpcCheck}). 400 (413 when too large) otherwise.</li>
 * </ol>
 * Every refusal is a JSON-RPC error response with id null, naming what is wrong.
 */
final class McpHttpGate implements Filter {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-f:.]*:[0-9a-f:.]*");

    private final String bind;
    private final byte[] token;
    private final Set<String> allowedHosts;
    private final Set<String> allowedOrigins;

    McpHttpGate(String bind, McpHttp.Access access) {
        this.bind = hostName(bind);
        this.token = access.requiresToken() ? access.token().getBytes(StandardCharsets.UTF_8) : null;
        this.allowedHosts = access.allowedHosts().stream().map(McpHttpGate::hostName).collect(Collectors.toSet());
        this.allowedOrigins = access.allowedOrigins().stream().map(o -> o.toLowerCase(Locale.ROOT))
                .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o).collect(Collectors.toSet());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String origin = http.getHeader("Origin");
        if (origin != null && !originAllowed(origin)) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden: Origin '" + shortened(origin)
                    + "' is not allowed; start the server with --allowed-origin to allow it");
            return;
        }
        String host = http.getHeader("Host");
        if (host != null && (token == null || !allowedHosts.isEmpty()) && !hostAllowed(hostName(host), true)) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden: Host '" + shortened(host)
                    + "' is not this server; start the server with --allowed-host to allow it");
            return;
        }
        if (token != null && !authorized(http.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", "Bearer");
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized: missing or wrong bearer token");
            return;
        }
        String type = http.getContentType();
        if ("POST".equals(http.getMethod()) && type != null && type.toLowerCase(Locale.ROOT).contains("json")) {
            byte[] body = http.getInputStream().readNBytes(JsonRpcCheck.MAX_MESSAGE_BYTES + 1);
            if (body.length > JsonRpcCheck.MAX_MESSAGE_BYTES) {
                refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "Invalid Request: the message is"
                        + " longer than " + JsonRpcCheck.MAX_MESSAGE_BYTES + " bytes");
                return;
            }
            Optional<JsonRpcCheck.Refusal> refusal = JsonRpcCheck.check(new String(body, StandardCharsets.UTF_8));
            if (refusal.isPresent()) {
                answer(response, HttpServletResponse.SC_BAD_REQUEST, refusal.get());
                return;
            }
            chain.doFilter(new Buffered(http, body), res);
            return;
        }
        chain.doFilter(req, res);
    }

    private boolean authorized(String header) {
        if (header == null) {
            return false;
        }
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Bearer")) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring(space + 1).trim().getBytes(StandardCharsets.UTF_8));
    }

    private boolean originAllowed(String origin) {
        String normalised = origin.toLowerCase(Locale.ROOT);
        if (allowedOrigins.contains(normalised)) {
            return true;
        }
        try {
            URI uri = new URI(normalised);
            return uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && hostAllowed(hostName(uri.getHost()), false);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** A loopback name, the bind address, an allowed host; with {@code anyIp}, any IP address on a wildcard bind. */
    private boolean hostAllowed(String name, boolean anyIp) {
        return LOOPBACK.contains(name) || name.startsWith("127.") && IP_LITERAL.matcher(name).matches()
                || name.equals(bind) && !McpHttp.isWildcard(bind) || allowedHosts.contains(name)
                || anyIp && McpHttp.isWildcard(bind) && IP_LITERAL.matcher(name).matches();
    }

    /** The host of a {@code Host} header or an address, lower case, without port or IPv6 brackets. */
    static String hostName(String hostAndPort) {
        String h = hostAndPort.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        return colon >= 0 && colon == h.lastIndexOf(':') ? h.substring(0, colon) : h;
    }

    private static String shortened(String header) {
        return header.length() <= 80 ? header : header.substring(0, 80) + "...";
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        answer(response, status, new JsonRpcCheck.Refusal(JsonRpcCheck.INVALID_REQUEST, message, null));
    }

    private static void answer(HttpServletResponse response, int status, JsonRpcCheck.Refusal refusal)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(refusal.json());
    }

    /** The request with its body already read. */
    private static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body was read before the servlet");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
