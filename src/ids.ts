import { monotonicFactory } from "ulid";

const nextUlid = monotonicFactory();

/** What an id names: task, model version, decision, example, learning event, shadow check, integration, delivery, output, request, project, API key. */
export type IdPrefix = "tsk" | "mdl" | "dec" | "ex" | "ev" | "shd" | "int" | "dlv" | "out" | "req" | "prj" | "key";

/** A new id that sorts by creation time (ULID), with a prefix that says what it names. */
export function newId(prefix: IdPrefix, now: number): string {
  return `${prefix}_${nextUlid(now)}`;
}
