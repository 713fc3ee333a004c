import { describe, expect, it } from "vitest";
import { checkOutboundUrl } from "../../src/deliveries/ssrf.ts";

const production = { allowLocalHttp: false };
const local = { allowLocalHttp: true };

/** URLs that must never be called back, in production or locally. */
const REFUSED = [
  // Not https
  "http://example.com/hook",
  "ftp://example.com/hook",
  "file:///etc/passwd",
  "gopher://example.com:70/_",
  "javascript:alert(1)",
  "data:text/plain,hi",
  "ws://example.com/socket",
  // Credentials in the URL
  "https://user:pass@example.com/hook",
  "https://user@example.com/hook",
  "https://:secret@example.com/hook",
  // Loopback, every notation
  "https://127.0.0.1/",
  "https://127.1/",
  "https://127.0.1/",
  "https://127.255.255.254/",
  "https://2130706433/",
  "https://0x7f000001/",
  "https://0x7f.1/",
  "https://0x7f.0x0.0x0.0x1/",
  "https://0177.0.0.1/",
  "https://017700000001/",
  "https://0177.1/",
  "https://[::1]/",
  "https://[0:0:0:0:0:0:0:1]/",
  "https://[::ffff:127.0.0.1]/",
  "https://[::ffff:7f00:1]/",
  "https://[0:0:0:0:0:ffff:127.0.0.1]/",
  "https://[::127.0.0.1]/",
  "https://localhost/",
  "https://LOCALHOST./",
  "https://api.localhost/",
  // Unspecified
  "https://0.0.0.0/",
  "https://0/",
  "https://[::]/",
  // Private networks
  "https://10.0.0.1/",
  "https://10.255.255.255/",
  "https://167772161/",
  "https://172.16.0.1/",
  "https://172.31.255.255/",
  "https://192.168.1.1/",
  "https://0xc0.0xa8.0x01.0x01/",
  "https://3232235777/",
  "https://100.64.0.1/",
  "https://[fc00::1]/",
  "https://[fd12:3456:789a::1]/",
  "https://[::ffff:10.0.0.1]/",
  "https://[::ffff:192.168.0.1]/",
  // Link-local and cloud metadata
  "https://169.254.169.254/latest/meta-data/",
  "https://2852039166/latest/meta-data/",
  "https://0xa9fea9fe/",
  "https://0251.0376.0251.0376/",
  "https://169.254.0.1/",
  "https://[fe80::1]/",
  "https://[::ffff:169.254.169.254]/",
  "https://[::ffff:a9fe:a9fe]/",
  "https://[fd00:ec2::254]/",
  "https://100.100.100.200/",
  "https://metadata.google.internal/computeMetadata/v1/",
  "https://metadata.google.internal./computeMetadata/v1/",
  "https://instance-data.ec2.internal/",
  "https://metadata/",
  // Tunnels and translations that embed an IPv4 address
  "https://[64:ff9b::7f00:1]/",
  "https://[64:ff9b::a9fe:a9fe]/",
  "https://[2002:7f00:1::]/",
  "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
  // Multicast, broadcast, reserved, documentation
  "https://224.0.0.1/",
  "https://255.255.255.255/",
  "https://240.0.0.1/",
  "https://192.0.2.1/",
  "https://198.18.0.1/",
  "https://[ff02::1]/",
  "https://[2001:db8::1]/",
  // Names that never resolve publicly or resolve whatever they spell
  "https://intranet/",
  "https://printer.local/",
  "https://router.lan/",
  "https://db.corp/",
  "https://nas.home.arpa/",
  "https://127.0.0.1.nip.io/",
  "https://169-254-169-254.sslip.io/",
  "https://app.localtest.me/",
  "https://lvh.me/",
  // Not a URL at all
  "not a url",
  "/relative/path",
  "",
  `https://example.com/${"a".repeat(2100)}`,
];

const ACCEPTED = [
  "https://example.com/hook",
  "https://hooks.example.org:8443/edge-cascade?token=abc",
  "https://93.184.215.14/hook",
  "https://[2606:4700:4700::1111]/hook",
  "https://xn--bcher-kva.example/hook",
];

describe("callback URL SSRF guard", () => {
  it.each(REFUSED)("refuses %s in production", (url) => {
    const check = checkOutboundUrl(url, production);
    expect(check.ok, `accepted ${url}`).toBe(false);
  });

  // Locally, this machine itself is allowed: whatever notation the URL parser rewrites to it.
  const thisMachine = (url: string) => {
    try {
      return ["localhost", "127.0.0.1", "[::1]"].includes(new URL(url).hostname.toLowerCase().replace(/\.$/, ""));
    } catch {
      return false;
    }
  };
  it.each(REFUSED.filter((url) => !thisMachine(url)))("refuses %s locally too", (url) => {
    expect(checkOutboundUrl(url, local).ok, `accepted ${url}`).toBe(false);
  });

  it.each(ACCEPTED)("accepts the public URL %s", (url) => {
    expect(checkOutboundUrl(url, production)).toMatchObject({ ok: true });
  });

  it("allows plain http to localhost only in the local environment, and never in another notation", () => {
    for (const url of ["http://localhost:8787/callback", "http://127.0.0.1:9000/cb", "http://[::1]:9000/cb"]) {
      expect(checkOutboundUrl(url, local).ok, url).toBe(true);
      expect(checkOutboundUrl(url, production).ok, url).toBe(false);
    }
    for (const url of ["http://0x7f.1/", "http://[::ffff:127.0.0.1]/", "http://2130706433:80/", "http://example.com/"]) {
      // 0x7f.1 and 2130706433 are rewritten to 127.0.0.1 by the URL parser, which is this machine either way.
      const check = checkOutboundUrl(url, local);
      if (new URL(url).hostname === "127.0.0.1") expect(check.ok).toBe(true);
      else expect(check.ok, url).toBe(false);
    }
  });

  it("says why", () => {
    expect(checkOutboundUrl("https://[::ffff:127.0.0.1]/", production)).toEqual({ ok: false, reason: "the host is an IPv4-mapped address (127.0.0.1)" });
    expect(checkOutboundUrl("https://user:pw@example.com/", production)).toEqual({ ok: false, reason: "credentials in the URL are not allowed" });
    expect(checkOutboundUrl("https://2852039166/", production)).toMatchObject({ ok: false, reason: expect.stringContaining("linkLocal") });
  });
});
