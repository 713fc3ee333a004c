import { describe, expect, it } from "vitest";
import { decodeClassifier, encodeClassifier } from "../../src/learn/artifact.ts";
import { predict } from "../../src/learn/classifier.ts";
import { evaluateClassifier } from "../../src/learn/evaluation.ts";
import { trainClassifier } from "../../src/learn/train.ts";

/** Hand-written support tickets, five queues, eight each: a small but learnable task. */
const TICKETS: Record<string, string[]> = {
  billing: [
    "I was charged twice for my subscription this month",
    "Please refund the duplicate payment on my invoice",
    "Why is my bill higher than last month",
    "My credit card was billed but the order failed",
    "Can I get a receipt for my last payment",
    "The invoice shows the wrong amount",
    "I want a refund for the annual plan",
    "You charged my card after I cancelled",
  ],
  login: [
    "I forgot my password and the reset email never arrives",
    "Cannot log in, it says my account is locked",
    "Two factor code is not accepted when I sign in",
    "How do I reset my password",
    "The login page keeps redirecting me back",
    "My account got locked after too many attempts",
    "I am not receiving the sign in verification code",
    "Password reset link has expired",
  ],
  shipping: [
    "My package has not arrived yet",
    "Where is my order, the tracking number does not work",
    "The parcel was delivered to the wrong address",
    "How long does delivery take to Canada",
    "Tracking says delivered but I have no package",
    "Can I change the shipping address of my order",
    "My order is stuck in transit for two weeks",
    "The courier lost my parcel",
  ],
  bug: [
    "The app crashes when I open settings",
    "Error 500 when I upload a file",
    "The export button does nothing",
    "Page is blank after the latest update",
    "The app freezes when I scroll the list",
    "Upload fails with an unknown error",
    "Crash on startup since the update",
    "The search returns an error message",
  ],
  cancel: [
    "Please cancel my subscription",
    "How do I close my account",
    "I want to stop my membership at the end of the month",
    "Cancel my plan and delete my data",
    "Stop the automatic renewal please",
    "I would like to unsubscribe from the service",
    "Close my account permanently",
    "How can I end my subscription",
  ],
};

const EXAMPLES = Object.entries(TICKETS).flatMap(([label, texts]) => texts.map((text) => ({ text, label })));

const HELD_OUT = [
  { text: "I was billed twice, please refund me", label: "billing" },
  { text: "the password reset email does not arrive", label: "login" },
  { text: "my parcel is lost, tracking shows nothing", label: "shipping" },
  { text: "the app crashes after the update", label: "bug" },
  { text: "please cancel my membership", label: "cancel" },
];

describe("compact classifier", () => {
  it("learns a small labelled set well enough to label held-out tickets", () => {
    const { model, metrics } = trainClassifier(EXAMPLES, { seed: 3 });
    expect(metrics.labels).toBe(5);
    expect(metrics.train_examples).toBe(40);
    const { accuracy, predictions } = evaluateClassifier(model, HELD_OUT);
    expect(accuracy, JSON.stringify(predictions)).toBeGreaterThanOrEqual(0.8);
  });

  it("is deterministic: the same examples and seed give byte-identical artifacts", () => {
    const first = encodeClassifier(trainClassifier(EXAMPLES, { seed: 11 }).model);
    const second = encodeClassifier(trainClassifier(EXAMPLES, { seed: 11 }).model);
    expect(second).toEqual(first);
  });

  it("round-trips through its artifact with identical predictions", () => {
    const { model } = trainClassifier(EXAMPLES, { seed: 5 });
    const decoded = decodeClassifier(encodeClassifier(model));
    expect(decoded.labels).toEqual(model.labels);
    for (const { text } of [...EXAMPLES, ...HELD_OUT, { text: "" }, { text: "🙂 ünïcödé" }]) {
      expect(predict(decoded, text)).toEqual(predict(model, text));
    }
  });

  it("rejects foreign, truncated, corrupt and other-version artifacts with a clear error", () => {
    const bytes = encodeClassifier(trainClassifier(EXAMPLES, { seed: 5 }).model);
    expect(() => decodeClassifier(new Uint8Array([1, 2, 3]))).toThrow(/not a classifier artifact/);
    expect(() => decodeClassifier(bytes.slice(0, bytes.length - 1))).toThrow(/truncated/);
    const otherVersion = bytes.slice();
    otherVersion[4] = 99;
    expect(() => decodeClassifier(otherVersion)).toThrow(/version 99/);
    const flipped = bytes.slice();
    flipped[bytes.length - 1] ^= 0xff;
    expect(() => decodeClassifier(flipped)).toThrow(/corrupt/);
  });

  it("gives confidences in [0, 1], a top-3 ranking, and less confidence to gibberish than to a ticket", () => {
    const { model } = trainClassifier(EXAMPLES, { seed: 3 });
    const ticket = predict(model, "I was charged twice for my subscription");
    const gibberish = predict(model, "zxqv plorf wubba kjhg");
    for (const prediction of [ticket, gibberish]) {
      expect(prediction.confidence).toBeGreaterThanOrEqual(0);
      expect(prediction.confidence).toBeLessThanOrEqual(1);
      expect(prediction.ranking).toHaveLength(3);
      expect(prediction.ranking[0]).toEqual({ label: prediction.label, probability: prediction.confidence });
      expect(prediction.ranking[0].probability).toBeGreaterThanOrEqual(prediction.ranking[1].probability);
    }
    expect(ticket.label).toBe("billing");
    expect(gibberish.confidence).toBeLessThan(ticket.confidence);
  });

  it("never throws on odd input, and reports nulls when there is too little data to hold out", () => {
    const odd = [
      { text: "", label: "empty" },
      { text: "   \n\t ", label: "empty" },
      { text: "😡😡😡", label: "angry" },
      { text: "x".repeat(64 * 1024), label: "long" },
      { text: "同じ文章 ünïcödé \u0000 \uD800", label: "angry" },
      { text: "dup", label: "a" },
      { text: "dup", label: "b" },
    ];
    const report = trainClassifier(odd);
    expect(report.metrics).toMatchObject({ holdout_accuracy: null, ece: null, temperature: 1, holdout_examples: 0 });
    for (const { text } of odd) {
      const prediction = predict(report.model, text);
      expect(report.model.labels).toContain(prediction.label);
      expect(Number.isFinite(prediction.confidence)).toBe(true);
    }
    const single = trainClassifier([{ text: "only one label", label: "solo" }]);
    expect(predict(single.model, "anything").label).toBe("solo");
    const none = trainClassifier([]);
    expect(predict(none.model, "anything")).toEqual({ label: "", confidence: 0, ranking: [] });
    expect(() => decodeClassifier(encodeClassifier(none.model))).not.toThrow();
  });

  it("holds out data for calibration once there is enough of it", () => {
    const many = Array.from({ length: 6 }, () => EXAMPLES).flat();
    const report = trainClassifier(many, { seed: 2 });
    expect(report.metrics.holdout_examples).toBeGreaterThan(0);
    expect(report.holdout).toHaveLength(report.metrics.holdout_examples);
    expect(report.metrics.holdout_accuracy).toBeGreaterThan(0.8);
    expect(report.metrics.temperature).toBeGreaterThan(0);
  });
});
