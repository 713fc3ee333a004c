/**
 * The model-provider specification: types only. A provider is a small object with an id, its
 * capabilities and one method per capability taking one options object.
 */
import type { PROVIDERS, ValueOf } from "../../schema/enums.ts";

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** True when the counts were estimated from characters because the provider reported none. */
  estimated?: boolean;
}

export interface LabelSpec {
  name: string;
  description?: string;
}

export interface ClassifyOptions {
  text: string;
  labels: readonly LabelSpec[];
  /** What the labels are for, shown to an LLM; never the user's text. */
  instructions?: string;
  abortSignal: AbortSignal;
}

export interface ClassifyResult {
  label: string;
  confidence: number;
  usage: Usage;
  warnings: string[];
  /** The provider's own answer, for debugging; never logged. */
  raw?: unknown;
}

export interface SummarizeOptions {
  text: string;
  maxWords: number;
  abortSignal: AbortSignal;
}

export interface SummarizeResult {
  summary: string;
  confidence: number;
  usage: Usage;
  warnings: string[];
  raw?: unknown;
}

export type ProviderName = ValueOf<typeof PROVIDERS>;

export interface ModelProvider {
  readonly provider: ProviderName;
  readonly modelId: string;
  readonly capabilities: { readonly classify: boolean; readonly summarize: boolean };
  classify?(options: ClassifyOptions): Promise<ClassifyResult>;
  summarize?(options: SummarizeOptions): Promise<SummarizeResult>;
}
