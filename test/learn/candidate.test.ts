import { describe, expect, it } from "vitest";
import { evaluateCandidate } from "../../src/learn/candidate.ts";
import { predict } from "../../src/learn/classifier.ts";
import { assessDrift } from "../../src/learn/drift.ts";
import { novelTextEvidence } from "../../src/learn/novelty-probe.ts";
import { shouldRetrain } from "../../src/learn/retrain-policy.ts";
import { chooseThreshold, wilsonLowerBound } from "../../src/learn/threshold-choice.ts";
import { trainClassifier } from "../../src/learn/train.ts";
import { assembleTrainingSet, type LabelledRecord } from "../../src/learn/training-set.ts";
import { TRIAGE_EXAMPLES } from "../support/tasks.ts";

describe("chooseThreshold", () => {
  // 200 held-out items, most confident first: the top 150 right, then a mix with errors.
  const predictions = Array.from({ length: 200 }, (_, i) => ({ confidence: 1 - i / 200, correct: i < 150 || i % 3 === 0 }));

  it("picks the lowest threshold whose cascade meets the target, counting deferred items as the reference", () => {
    const choice = chooseThreshold(predictions, 0.9)!;
    expect(choice.cascadeAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(choice.edgeShare).toBeGreaterThanOrEqual(0.75);
    // A higher target answers less at the edge.
    expect(chooseThreshold(predictions, 0.97)!.edgeShare).toBeLessThan(choice.edgeShare);
  });

  it("does not open the gate on a handful of lucky items", () => {
    const few = [
      { confidence: 0.99, correct: true },
      { confidence: 0.98, correct: true },
      { confidence: 0.5, correct: false },
    ];
    expect(chooseThreshold(few, 0.99)!.threshold).toBe(Number.POSITIVE_INFINITY);
    expect(wilsonLowerBound(2, 2)).toBeLessThan(0.5);
    expect(wilsonLowerBound(980, 1000)).toBeGreaterThan(0.97);
  });

  it("keeps texts that fit no label within the target when such evidence is given", () => {
    const without = chooseThreshold(predictions, 0.9)!;
    // Novel texts the edge would answer, wrongly, at high confidence: the gate must rise above them.
    const novel = Array.from({ length: 40 }, (_, i) => ({ confidence: 0.9 - i / 100, correct: false }));
    const withNone = chooseThreshold(predictions, 0.9, novel)!;
    expect(withNone.threshold).toBeGreaterThan(without.threshold);
    expect(novel.filter((p) => p.confidence >= withNone.threshold).length / novel.length).toBeLessThanOrEqual(0.1);
  });

  it("never cuts between equal confidences", () => {
    const tied = Array.from({ length: 100 }, (_, i) => ({ confidence: i < 50 ? 0.9 : 0.5, correct: i !== 0 }));
    const choice = chooseThreshold(tied, 0.95)!;
    expect([0.9, 0.5, Number.POSITIVE_INFINITY]).toContain(choice.threshold);
  });
});

describe("shouldRetrain", () => {
  it("retrains after 20 labels at first, then when labels grew by a quarter", () => {
    expect(shouldRetrain(19, 0, null)).toBe(false);
    expect(shouldRetrain(20, 0, null)).toBe(true);
    expect(shouldRetrain(1020, 1000, null)).toBe(false);
    expect(shouldRetrain(1250, 1000, null)).toBe(true);
  });

  it("follows an explicit retrain_every", () => {
    expect(shouldRetrain(104, 100, 5)).toBe(false);
    expect(shouldRetrain(105, 100, 5)).toBe(true);
  });
});

describe("assembleTrainingSet", () => {
  it("lets a human correction outrank the large model's label for the same decision, and drops retired labels", () => {
    const records: LabelledRecord[] = [
      { text: "a", label: "bug", source: "large_model", decisionId: "d1", createdAt: 1 },
      { text: "a", label: "billing", source: "feedback", decisionId: "d1", createdAt: 5 },
      { text: "b", label: "bug", source: "large_model", decisionId: "d2", createdAt: 2 },
      { text: "c", label: "retired", source: "import", decisionId: null, createdAt: 0 },
    ];
    const set = assembleTrainingSet(records, new Set(["bug", "billing"]));
    expect(set.map((r) => [r.text, r.label, r.source])).toEqual([
      ["b", "bug", "large_model"],
      ["a", "billing", "feedback"],
    ]);
  });
});

describe("assembleTrainingSet ordering", () => {
  it("shuffles examples that arrived together, so a file sorted by label does not leave one label at the end", () => {
    const imported: LabelledRecord[] = TRIAGE_EXAMPLES.map((e) => ({ ...e, source: "import", decisionId: null, createdAt: 7 }));
    const set = assembleTrainingSet(imported, new Set(["billing", "bug", "account"]));
    expect(new Set(set.slice(-8).map((r) => r.label)).size).toBeGreaterThan(1);
    expect(assembleTrainingSet(imported, new Set(["billing", "bug", "account"]))).toEqual(set);
  });
});

describe("evaluateCandidate", () => {
  const clean = [...TRIAGE_EXAMPLES, ...TRIAGE_EXAMPLES.map((e) => ({ ...e, text: `${e.text} please` }))];

  it("promotes the first model of a task", () => {
    const report = evaluateCandidate({ examples: clean, active: null, target: { accuracy: 0.9, maxFallbackRate: null }, seed: 1 });
    expect(report.verdict).toBe("promoted");
    expect(report.reason).toMatch(/first model/);
    expect(report.threshold).not.toBeNull();
  });

  it("rejects a candidate that is worse than the active model on the newest examples", () => {
    const active = trainClassifier(clean, { seed: 1 }).model;
    // Old labels are scrambled, the newest are clean: a candidate fit on the old ones loses to the active model.
    const labels = ["billing", "bug", "account"];
    const scrambled = clean.map((e, i) => ({ ...e, label: labels[(labels.indexOf(e.label) + 1 + (i % 2)) % 3] }));
    const examples = [...scrambled, ...clean.slice(0, 18)];
    const report = evaluateCandidate({ examples, active, target: { accuracy: null, maxFallbackRate: null }, seed: 1, holdoutFraction: 18 / examples.length });
    expect(report.verdict).toBe("rejected");
    expect(report.metrics.holdout_accuracy!).toBeLessThan(report.metrics.active_holdout_accuracy!);
    expect(report.reason).toMatch(/< active/);
  });

  it("meets a fallback cap by choosing the threshold from the held-out confidences", () => {
    const report = evaluateCandidate({ examples: clean, active: null, target: { accuracy: null, maxFallbackRate: 0.25 }, seed: 1 });
    const answered = clean.slice(-Math.floor(clean.length * 0.2)).filter((e) => predict(report.model, e.text).confidence >= report.threshold!);
    expect(report.threshold).toBeGreaterThan(0);
    expect(answered.length).toBeGreaterThan(0);
  });
});

describe("novelTextEvidence", () => {
  it("scores texts of labels a probe model never saw: right only when it answers the none label", () => {
    const labels = ["a", "b", "c", "d", "e", "none"];
    const words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];
    const examples = labels.flatMap((label, k) => Array.from({ length: 12 }, (_, i) => ({ text: `${words[k]} ${words[k]}${i} case ${i}`, label })));
    const evidence = novelTextEvidence(examples, "none", 1);
    expect(evidence.length).toBe(12);
    expect(evidence.every((e) => e.confidence >= 0 && e.confidence <= 1)).toBe(true);
    expect(novelTextEvidence(examples.filter((e) => ["a", "b", "none"].includes(e.label)), "none", 1)).toEqual([]);
  });
});

describe("assessDrift", () => {
  const checks = (agree: number, total: number) =>
    Array.from({ length: total }, (_, i) => ({ edgeConfidence: 0.6 + (0.4 * i) / total, agree: i >= total - agree }));

  it("does nothing while agreement holds or checks are few", () => {
    expect(assessDrift(checks(95, 100), 0.9, 0.05, 0.6).drifted).toBe(false);
    expect(assessDrift(checks(5, 10), 0.9, 0.05, 0.6).drifted).toBe(false);
  });

  it("raises the threshold when agreement falls below the target by more than the margin", () => {
    const drift = assessDrift(checks(60, 100), 0.9, 0.05, 0.6);
    expect(drift.drifted).toBe(true);
    expect(drift.agreement).toBeCloseTo(0.6);
    expect(drift.threshold!).toBeGreaterThan(0.6);
  });
});
