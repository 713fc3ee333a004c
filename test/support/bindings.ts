import type { ConfigVariables } from "../../src/config.ts";

/** Bindings and variables a test overrides for one call: a recording queue, an AI test binding, a large provider. */
export type TestBindings = { [Name in keyof Env]?: unknown } & ConfigVariables;
