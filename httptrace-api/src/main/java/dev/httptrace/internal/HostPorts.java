package dev.httptrace.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.net.InetAddressUtils;

/** Formats addresses as Go prints them: {@code host:port}, {@code [::1]:8080}. Not API. */
public final class HostPorts {

    private HostPorts() {
    }

    public static String of(HttpHost host) {
        int port = host.getPort();
        if (port < 0) {
            port = "https".equalsIgnoreCase(host.getSchemeName()) ? 443 : 80;
        }
        return join(host.getHostName(), port);
    }

    public static String of(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = ip == null ? address.getHostString() : ip instanceof Inet6Address ? compress(ip.getHostAddress()) : ip.getHostAddress();
        return join(host, address.getPort());
    }

    public static boolean isIpLiteral(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return InetAddressUtils.isIPv4(bare) || InetAddressUtils.isIPv6(bare);
    }

    private static String join(String host, int port) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** RFC 5952 form of the JDK's full IPv6 text ({@code 0:0:0:0:0:0:0:1} becomes {@code ::1}). */
    public static String compress(String full) {
        int percent = full.indexOf('%');
        String scope = percent >= 0 ? full.substring(percent) : "";
        String[] groups = (percent >= 0 ? full.substring(0, percent) : full).split(":");
        if (groups.length != 8) {
            return full;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (Integer.parseInt(groups[i], 16) != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && Integer.parseInt(groups[j], 16) == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(Integer.parseInt(groups[i], 16)));
        }
        return out + scope;
    }
}
