package dev.ocistreaming.local.security;

import dev.ocistreaming.local.http.HttpService;
import dev.ocistreaming.local.http.Request;
import dev.ocistreaming.local.http.Response;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps web pages out of a server that trusts its callers. The API and the console answer unsigned requests (unless
 * signatures are verified), which is fine for programs on this machine, but a browser visiting any web site is a
 * program on this machine too. Two ways a page could reach the server, both refused with 403 before any effect:
 * <ul>
 * <li><b>DNS rebinding</b>: a page at {@code http://evil.example:8420} whose name is made to resolve to 127.0.0.1
 * talks to the server "same-origin". Its requests carry {@code Host: evil.example:8420}; a request that came in on a
 * loopback address must name a loopback host ({@code localhost}, {@code *.localhost}, {@code 127.x.x.x},
 * {@code [::1]}), which SDKs, curl and the console always do.</li>
 * <li><b>Cross-site requests</b>: a page elsewhere can send a POST (e.g. PutMessages as {@code text/plain}) without
 * reading the answer. Browsers mark such requests with {@code Origin}; one whose origin is not the server's own
 * ({@code http://} + its Host header) is refused. Programs other than browsers send no {@code Origin}.</li>
 * </ul>
 * No name is ever resolved: the checks look only at the text of the headers. It stands in front of everything the
 * server serves, the API and the console alike.
 */
public final class BrowserRequestGuard implements HttpService {

    private static final String CODE = "Forbidden";

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

    private final HttpService next;

    /** @param next serves what the guard lets through */
    public BrowserRequestGuard(HttpService next) {
        this.next = next;
    }

    @Override
    public Response serve(Request request) {
        String refusal = refusal(request.loopbackConnection(), request.header("Host"), request.header("Origin"));
        return refusal == null ? next.serve(request) : Response.error(403, CODE, refusal);
    }

    /** @return why the request is refused, or null to let it through */
    private static String refusal(boolean loopbackConnection, String host, String origin) {
        if (loopbackConnection && host != null && !isLoopbackName(hostName(host))) {
            return "Host '" + host
                    + "' is not a loopback name. A request that reaches this server over loopback must be"
                    + " addressed to localhost, 127.0.0.1 or [::1] (this stops web pages that rebind their DNS name to"
                    + " 127.0.0.1); use one of those in the endpoint URL";
        }
        if (origin != null && (host == null || !origin.equalsIgnoreCase("http://" + host))) {
            return "Cross-origin browser request from '" + origin + "' refused: only pages served by this server"
                    + " (the console) may call it from a browser";
        }
        return null;
    }

    /** The host part of a Host header: {@code [::1]:8420} → {@code [::1]}, {@code localhost:8420} → {@code localhost}. */
    private static String hostName(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    private static boolean isLoopbackName(String name) {
        return name.equals("localhost")
                || name.endsWith(".localhost")
                || name.equals("[::1]")
                || IPV4_LOOPBACK.matcher(name).matches();
    }
}
