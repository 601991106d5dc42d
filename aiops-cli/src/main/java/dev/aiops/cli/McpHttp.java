package dev.aiops.cli;

import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Hosts the MCP SDK's streamable HTTP servlet in an embedded Tomcat on {@code bind:port} (127.0.0.1 unless told
 * otherwise), at {@value #ENDPOINT}, behind an optional bearer token.
 */
final class McpHttp implements AutoCloseable {

    static final String ENDPOINT = "/mcp";

    private final Tomcat tomcat;
    private final Connector connector;

    private McpHttp(Tomcat tomcat, Connector connector) {
        this.tomcat = tomcat;
        this.connector = connector;
    }

    static McpHttp start(HttpServletStreamableServerTransportProvider servlet, String bind, int port, String token)
            throws IOException, LifecycleException {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("aiops-mcp-http").toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", bind);
        tomcat.setConnector(connector);
        Context ctx = tomcat.addContext("", null);
        Wrapper w = Tomcat.addServlet(ctx, "mcp", servlet);
        w.setAsyncSupported(true);
        ctx.addServletMappingDecoded(ENDPOINT, "mcp");
        if (token != null && !token.isBlank()) {
            FilterDef def = new FilterDef();
            def.setFilterName("bearer");
            def.setFilter(new BearerToken(token));
            def.setAsyncSupported("true");
            ctx.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("bearer");
            map.addURLPattern("/*");
            ctx.addFilterMap(map);
        }
        tomcat.start();
        return new McpHttp(tomcat, connector);
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    /** 401 unless {@code Authorization: Bearer <token>}; compared in constant time. */
    static final class BearerToken implements Filter {
        private final byte[] expected;

        BearerToken(String token) {
            this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            String given = ((HttpServletRequest) req).getHeader("Authorization");
            if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                HttpServletResponse http = (HttpServletResponse) res;
                http.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                http.setHeader("WWW-Authenticate", "Bearer");
                http.setContentType("application/json");
                http.getWriter().write("{\"error\":\"missing or wrong bearer token\"}");
                return;
            }
            chain.doFilter(req, res);
        }
    }
}
