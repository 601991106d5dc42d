package dev.aiops.cli;

import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Hosts the MCP SDK's streamable HTTP servlet in an embedded Tomcat on {@code bind:port} (127.0.0.1 unless told
 * otherwise), at {@value #ENDPOINT}, behind {@link McpHttpGate} (Origin and Host checks, an optional bearer token,
 * well-formed JSON-RPC bodies).
 */
final class McpHttp implements AutoCloseable {

    static final String ENDPOINT = "/mcp";

    /**
     * Who may call the server.
     *
     * @param token          the bearer token every request must carry; null or blank for none
     * @param allowedOrigins browser origins allowed besides this server's own ({@code https://app.example.com})
     * @param allowedHosts   host names the server answers to besides loopback and the bind address
     */
    record Access(String token, List<String> allowedOrigins, List<String> allowedHosts) {
        Access {
            allowedOrigins = List.copyOf(allowedOrigins);
            allowedHosts = List.copyOf(allowedHosts);
        }

        /** No token, no other origins or hosts: loopback clients only. */
        static Access loopback() {
            return new Access(null, List.of(), List.of());
        }

        boolean requiresToken() {
            return token != null && !token.isBlank();
        }
    }

    private final Tomcat tomcat;
    private final Connector connector;

    private McpHttp(Tomcat tomcat, Connector connector) {
        this.tomcat = tomcat;
        this.connector = connector;
    }

    static McpHttp start(HttpServletStreamableServerTransportProvider servlet, String bind, int port, Access access)
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
        FilterDef def = new FilterDef();
        def.setFilterName("gate");
        def.setFilter(new McpHttpGate(bind, access));
        def.setAsyncSupported("true");
        ctx.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("gate");
        map.addURLPattern("/*");
        ctx.addFilterMap(map);
        tomcat.start();
        return new McpHttp(tomcat, connector);
    }

    /** Whether {@code address} is loopback: a name that resolves to it (localhost) or a loopback IP address. */
    static boolean isLoopback(String address) {
        try {
            InetAddress[] all = InetAddress.getAllByName(McpHttpGate.hostName(address));
            return all.length > 0 && Arrays.stream(all).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether {@code address} means every interface (0.0.0.0, ::). */
    static boolean isWildcard(String address) {
        String a = McpHttpGate.hostName(address);
        return a.equals("0.0.0.0") || a.equals("::") || a.equals("0:0:0:0:0:0:0:0");
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
