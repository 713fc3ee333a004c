import { monotonicFactory } from "ulid";

const nextUlid = monotonicFactory();

export type IdPrefix = "tsk" | "mdl" | "dec" | "ex" | "ev" | "shd";

/** A new id that sorts by creation time (ULID), with a prefix that says what it names. */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  return `${prefix}_${nextUlid(now)}`;
}
