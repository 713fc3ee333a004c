export * from "./tasks.ts";
export * from "./examples.ts";
export * from "./model-versions.ts";
export * from "./decisions.ts";
export * from "./learning-events.ts";
export * from "./shadow-checks.ts";
export * from "./integrations.ts";
export * from "./idempotency.ts";
