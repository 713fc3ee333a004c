import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { verifyGithubSignature } from "../../src/deliveries/github/signature.ts";
import { verifySlackSignature } from "../../src/deliveries/slack/signature.ts";
import { signStandardWebhook, verifyStandardSignature } from "../../src/deliveries/standard/signature.ts";
import { githubSignature, slackSignature, standardSignature } from "../support/webhook-signing.ts";

const shared = inject("sharedData");
const vectorsText = shared.files["vectors/webhooks.json"];
const vectors: { cases: { scheme: string; secret: string; headers: Record<string, string>; body: string }[] } | null = vectorsText ? JSON.parse(vectorsText) : null;
const vector = (scheme: string) => vectors!.cases.find((c) => c.scheme === scheme)!;
const bytes = (text: string) => new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;

describe.skipIf(!vectors)("published signature vectors (../shared/data/vectors/webhooks.json)", () => {
  if (!vectors) it.skip(`shared data not found at ${shared.directory}`, () => {});

  it("GitHub: X-Hub-Signature-256 of 'Hello, World!' verifies", async () => {
    const v = vector("github");
    expect(await verifyGithubSignature([v.secret], bytes(v.body), v.headers["x-hub-signature-256"])).toEqual({ ok: true });
    // The same signature over a body one character different does not.
    expect((await verifyGithubSignature([v.secret], bytes(`${v.body} `), v.headers["x-hub-signature-256"])).ok).toBe(false);
  });

  it("Slack: the v0 signature verifies at its own timestamp and is stale five minutes and one second later", async () => {
    const v = vector("slack");
    const headers = { timestamp: v.headers["x-slack-request-timestamp"], signature: v.headers["x-slack-signature"] };
    const at = Number(headers.timestamp) * 1000;
    expect(await verifySlackSignature([v.secret], bytes(v.body), headers, at)).toEqual({ ok: true });
    expect(await verifySlackSignature([v.secret], bytes(v.body), headers, at + 300_000)).toEqual({ ok: true });
    expect(await verifySlackSignature([v.secret], bytes(v.body), headers, at + 301_000)).toMatchObject({ ok: false, reason: "stale_timestamp" });
    expect(await verifySlackSignature([v.secret], bytes(v.body), headers, at - 301_000)).toMatchObject({ ok: false, reason: "stale_timestamp" });
  });

  it("Standard Webhooks: verifies, and signing the same id, timestamp and body gives the published signature", async () => {
    const v = vector("standard-webhooks");
    const headers = { id: v.headers["webhook-id"], timestamp: v.headers["webhook-timestamp"], signature: v.headers["webhook-signature"] };
    const at = Number(headers.timestamp) * 1000;
    expect(await verifyStandardSignature([v.secret], bytes(v.body), headers, at)).toEqual({ ok: true });
    const signed = await signStandardWebhook(v.secret, headers.id, Number(headers.timestamp), bytes(v.body));
    expect(signed["webhook-signature"]).toBe(v.headers["webhook-signature"]);
    expect(await verifyStandardSignature([v.secret], bytes(v.body), headers, at + 301_000)).toMatchObject({ ok: false, reason: "stale_timestamp" });
  });

  it("the test suite's own signers agree with the vectors", async () => {
    expect(await githubSignature(vector("github").secret, vector("github").body)).toBe(vector("github").headers["x-hub-signature-256"]);
    const slack = vector("slack");
    expect(await slackSignature(slack.secret, slack.headers["x-slack-request-timestamp"], slack.body)).toBe(slack.headers["x-slack-signature"]);
    const std = vector("standard-webhooks");
    expect(await standardSignature(std.secret, std.headers["webhook-id"], std.headers["webhook-timestamp"], std.body)).toBe(std.headers["webhook-signature"]);
  });
});

describe("key rotation and several signatures", () => {
  const now = 1_764_201_600_000;
  const ts = String(now / 1000);
  const oldSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const newSecret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
  const body = '{"type":"ticket.created","data":{"text":"refund please"}}';

  it("accepts a message signed with either secret while both are configured, and only the new one after", async () => {
    const signedOld = await standardSignature(oldSecret, "msg_1", ts, body);
    const headers = { id: "msg_1", timestamp: ts, signature: signedOld };
    expect((await verifyStandardSignature([newSecret, oldSecret], bytes(body), headers, now)).ok).toBe(true);
    expect((await verifyStandardSignature([newSecret], bytes(body), headers, now)).ok).toBe(false);
  });

  it("accepts a header listing several signatures when any one matches, ignoring other versions", async () => {
    const good = await standardSignature(newSecret, "msg_2", ts, body);
    const other = await standardSignature(oldSecret, "msg_2", ts, `${body} `);
    const headers = { id: "msg_2", timestamp: ts, signature: `v1a,bm90IGEgc2lnbmF0dXJl ${other} ${good}` };
    expect((await verifyStandardSignature([newSecret], bytes(body), headers, now)).ok).toBe(true);
    expect((await verifyStandardSignature([newSecret], bytes(body), { ...headers, signature: `v1a,bm90IGEgc2lnbmF0dXJl ${other}` }, now)).ok).toBe(false);
  });

  it("GitHub accepts either of two secrets during a rotation", async () => {
    const header = await githubSignature("old-secret-value", body);
    expect((await verifyGithubSignature(["new-secret-value", "old-secret-value"], bytes(body), header)).ok).toBe(true);
    expect((await verifyGithubSignature(["new-secret-value"], bytes(body), header)).ok).toBe(false);
  });
});

/** Changes one byte of a non-empty byte string. */
function mutate(source: Uint8Array, index: number, delta: number): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(source);
  const i = index % copy.length;
  copy[i] = (copy[i] + delta) % 256;
  return copy;
}

describe("mutations are rejected (property)", () => {
  const now = 1_764_201_600_000;
  const secretArb = fc.uint8Array({ minLength: 24, maxLength: 48 }).map((key) => `whsec_${btoa(String.fromCharCode(...key))}`);
  const bodyArb = fc.uint8Array({ minLength: 1, maxLength: 300 });
  const deltaArb = fc.integer({ min: 1, max: 255 });

  it("Standard Webhooks: a valid signature verifies; any changed body byte, signature byte, id or a timestamp over 5 minutes off fails", async () => {
    await fc.assert(
      fc.asyncProperty(secretArb, bodyArb, fc.nat(), deltaArb, fc.integer({ min: 301, max: 10 ** 7 }), fc.boolean(), async (secret, body, index, delta, skew, future) => {
        const ts = String(now / 1000);
        const signed = await signStandardWebhook(secret, "msg_prop", now / 1000, new Uint8Array(body));
        const headers = { id: "msg_prop", timestamp: ts, signature: signed["webhook-signature"] };
        const ok = (await verifyStandardSignature([secret], new Uint8Array(body), headers, now)).ok;
        const badBody = (await verifyStandardSignature([secret], mutate(body, index, delta), headers, now)).ok;
        const mac = Uint8Array.from(atob(signed["webhook-signature"].slice(3)), (c) => c.charCodeAt(0));
        const badSignature = `v1,${btoa(String.fromCharCode(...mutate(mac, index, delta)))}`;
        const badSig = (await verifyStandardSignature([secret], new Uint8Array(body), { ...headers, signature: badSignature }, now)).ok;
        const badId = (await verifyStandardSignature([secret], new Uint8Array(body), { ...headers, id: "msg_prop2" }, now)).ok;
        const shifted = String(now / 1000 + (future ? skew : -skew));
        const stale = await verifyStandardSignature([secret], new Uint8Array(body), { ...headers, timestamp: shifted }, now);
        return ok && !badBody && !badSig && !badId && !stale.ok;
      }),
      { numRuns: 1500 },
    );
  });

  it("GitHub and Slack: any changed body byte or signature hex digit fails; Slack also refuses a re-signed stale timestamp", async () => {
    const secretArbText = fc.string({ minLength: 8, maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(secretArbText, bodyArb, fc.nat(), deltaArb, fc.integer({ min: 301, max: 10 ** 6 }), async (secret, body, index, delta, skew) => {
        const header = await githubSignature(secret, body);
        const github = (await verifyGithubSignature([secret], new Uint8Array(body), header)).ok;
        const githubBadBody = (await verifyGithubSignature([secret], mutate(body, index, delta), header)).ok;
        const hexAt = 7 + (index % 64);
        const flipped = header.slice(0, hexAt) + ((Number.parseInt(header[hexAt], 16) + 1 + (delta % 15)) % 16).toString(16) + header.slice(hexAt + 1);
        const githubBadSig = (await verifyGithubSignature([secret], new Uint8Array(body), flipped)).ok;

        const text = new TextDecoder().decode(body);
        const bodyBytes = bytes(text);
        const ts = String(now / 1000);
        const slackHeader = await slackSignature(secret, ts, text);
        const slack = (await verifySlackSignature([secret], bodyBytes, { timestamp: ts, signature: slackHeader }, now)).ok;
        const slackBadBody = (await verifySlackSignature([secret], mutate(bodyBytes, index, delta), { timestamp: ts, signature: slackHeader }, now)).ok;
        const staleTs = String(now / 1000 - skew);
        const staleHeader = await slackSignature(secret, staleTs, text);
        const slackStale = (await verifySlackSignature([secret], bodyBytes, { timestamp: staleTs, signature: staleHeader }, now)).ok;
        // A fresh timestamp pasted onto an old signature fails too: the timestamp is signed.
        const slackReplayed = (await verifySlackSignature([secret], bodyBytes, { timestamp: ts, signature: staleHeader }, now)).ok;
        return github && !githubBadBody && !githubBadSig && slack && !slackBadBody && !slackStale && !slackReplayed;
      }),
      { numRuns: 1500 },
    );
  });

  it("refuses missing and malformed headers with a reason", async () => {
    const body = bytes("{}");
    expect(await verifyGithubSignature(["s3cret-value"], body, undefined)).toMatchObject({ ok: false, reason: "missing_signature" });
    expect(await verifyGithubSignature(["s3cret-value"], body, "sha1=0123")).toMatchObject({ ok: false, reason: "malformed_signature" });
    expect(await verifySlackSignature(["s3cret-value"], body, { timestamp: undefined, signature: "v0=00" }, now)).toMatchObject({ ok: false });
    expect(await verifySlackSignature(["s3cret-value"], body, { timestamp: "abc", signature: "v0=00" }, now)).toMatchObject({ ok: false });
    expect(await verifyStandardSignature(["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"], body, { id: "m", timestamp: String(now / 1000), signature: "v2,abc" }, now)).toMatchObject({
      ok: false,
      reason: "malformed_signature",
    });
  });
});
