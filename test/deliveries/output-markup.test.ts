import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { githubCommentBody, quotedMarkdown } from "../../src/deliveries/github/adapter.ts";
import { quotedMrkdwn, slackReplyText } from "../../src/deliveries/slack/adapter.ts";

const HOSTILE = "Ping @channel <!here> <!channel> <@U012AB3CD> @octocat @acme/security and click [here](https://evil.example/x) or <https://evil.example|your bank>. **Urgent** ![img](https://evil.example/p.png) <script>alert(1)</script> `code` #123";

const decision = (output: string) => ({ decision_id: "dec_1", output, confidence: 0.9, tier: "large" }) as any;

describe("outputs quote a model's text as inert content", () => {
  it("GitHub: no mention, link, image, HTML or formatting survives, and the text is quoted", () => {
    const body = githubCommentBody({ event: "issues.opened", classification: null, summary: decision(HOSTILE) });
    const quoted = body.split("\n").filter((line) => line.startsWith("> "));
    expect(quoted.length).toBeGreaterThan(0);
    expect(body).not.toMatch(/(^|[^\u2060])@(octocat|acme|channel)/);
    expect(body).not.toMatch(/\]\(https?:/);
    expect(body).not.toContain("https://");
    expect(body).not.toMatch(/<script>/);
    expect(body).not.toMatch(/(^|[^\\])\*\*Urgent/);
    expect(body).toContain("octocat");
  });

  it("Slack: no <!here>, <!channel>, <@U…>, <url|label> or @channel, and the text is quoted", () => {
    const text = slackReplyText({ event: "message", classification: null, summary: decision(HOSTILE) });
    expect(text).not.toMatch(/<[!@]/);
    expect(text).not.toMatch(/<https?:/);
    expect(text).not.toMatch(/(^|[^\u2060])@channel/);
    expect(text).toContain("&lt;!here&gt;");
    expect(text.split("\n").slice(1).every((line) => line.startsWith(">"))).toBe(true);
  });

  it("caps the quoted length", () => {
    expect(quotedMarkdown("a ".repeat(5000)).length).toBeLessThan(2_200);
    expect(quotedMrkdwn("a ".repeat(5000)).length).toBeLessThan(2_200);
  });

  it("no string makes a raw mention or tag, in either markup", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("@", "<", ">", "!", "here", "channel", "U1", "[", "]", "(", ")", "http://x", "*", "_", " ", "\n", "a"), { maxLength: 40 }), (pieces) => {
        const text = pieces.join("");
        expect(quotedMrkdwn(text)).not.toMatch(/<[!@]|@(here|channel)/);
        expect(quotedMarkdown(text)).not.toMatch(/@(here|channel)|(^|[^\\])\]\(/);
      }),
      { numRuns: 300 },
    );
  });
});
