import ipaddr from "ipaddr.js";

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

export interface UrlPolicy {
  /** Plain http to localhost, for a receiver on the developer's machine (development and test only). */
  allowLocalHttp: boolean;
}

const MAX_URL_LENGTH = 2048;

/** Names that never resolve to a public address, or resolve any address they spell (wildcard DNS). */
const BLOCKED_SUFFIXES = [
  "localhost",
  "local",
  "localdomain",
  "internal",
  "intranet",
  "lan",
  "home",
  "corp",
  "home.arpa",
  "in-addr.arpa",
  "ip6.arpa",
  "nip.io",
  "sslip.io",
  "xip.io",
  "localtest.me",
  "lvh.me",
  "vcap.me",
];

function hasBlockedSuffix(host: string): boolean {
  return BLOCKED_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}

/** Only globally routable unicast addresses: no loopback, private, link-local, metadata, mapped or tunnel forms. */
function publicAddressProblem(address: ipaddr.IPv4 | ipaddr.IPv6): string | null {
  if (address.kind() === "ipv6") {
    const v6 = address as ipaddr.IPv6;
    // Mapped (::ffff:a.b.c.d), translated and compatible (::a.b.c.d) forms embed an IPv4 address.
    if (v6.isIPv4MappedAddress()) return `an IPv4-mapped address (${v6.toIPv4Address().toString()})`;
    const [first] = v6.parts;
    // Global unicast is 2000::/3; everything else (::/8 compat forms, fc00::/7, fe80::/10, ff00::/8) is refused.
    if (first < 0x2000 || first > 0x3fff) return `a non-global IPv6 address (${v6.toNormalizedString()})`;
  }
  const range = address.range();
  return range === "unicast" ? null : `a ${range} address (${address.toString()})`;
}

/** The plain spellings of this machine; mapped or tunnelled forms of it are never "local". */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Refuses outbound URLs that could reach the Worker's own network: https only (http to
 * localhost only when the policy allows it), no credentials, no literal private, loopback,
 * link-local or metadata address in any notation. The WHATWG parser already rewrites
 * `0x7f.1`, `2130706433` or `0177.0.0.1` to dotted decimal; names that resolve to a private
 * address are stopped in production by the `global_fetch_strictly_public` flag.
 */
export function checkOutboundUrl(raw: string, policy: UrlPolicy): UrlCheck {
  if (raw.length > MAX_URL_LENGTH) return { ok: false, reason: `the URL is longer than ${MAX_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "not an absolute URL" };
  }
  if (url.username || url.password) return { ok: false, reason: "credentials in the URL are not allowed" };
  const host = url.hostname.toLowerCase().replace(/\.+$/, "");
  if (!host) return { ok: false, reason: "the URL has no host" };
  const local = LOOPBACK_HOSTS.has(host);
  if (url.protocol === "http:" || (url.protocol === "https:" && local)) {
    if (policy.allowLocalHttp && local) return { ok: true, url };
    return { ok: false, reason: url.protocol === "http:" ? "only https URLs are allowed" : "the host is a loopback address" };
  }
  if (url.protocol !== "https:") return { ok: false, reason: "only https URLs are allowed" };

  const literal = host.startsWith("[") ? host.slice(1, -1) : host;
  if (ipaddr.isValid(literal)) {
    const problem = publicAddressProblem(ipaddr.parse(literal));
    return problem ? { ok: false, reason: `the host is ${problem}` } : { ok: true, url };
  }
  if (!host.includes(".")) return { ok: false, reason: "the host is not a fully qualified domain name" };
  if (hasBlockedSuffix(host)) return { ok: false, reason: `the host ${host} is not public` };
  return { ok: true, url };
}
