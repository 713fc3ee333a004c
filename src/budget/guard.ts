import type { Config } from "../config.ts";
import type { ChatCompletion, ChatModel, ChatRequest } from "../models/chat-model.ts";
import { callCostUsd, estimateTokens, remoteModelPrice, type ModelPrice } from "../models/pricing.ts";
import { ProviderError } from "../models/provider-error.ts";
import type { ModelProvider, SummarizeOptions, Usage } from "../models/provider.ts";
import type { Database } from "../storage/database.ts";
import { utf8ByteLength } from "../text/encoding.ts";
import type { Clock } from "../time/clock.ts";
import type { Budgets } from "./budgets.ts";
import { utcDay } from "./day.ts";
import { nanoCeil, nanoFloor, usdOf } from "./money.ts";
import { cachedProjectBudgetUsd } from "./project-cap.ts";

/**
 * Budgets that degrade: under a daily budget (the project's `daily_budget_usd`, the task's
 * `settings.daily_budget_usd`, or both), every remote call first reserves its worst-case cost in
 * the project's ledger (a ProjectBudget Durable Object) and settles with what it cost after.
 *
 * One reservation per call: each retry attempt is a call and reserves again, so an attempt the
 * budget cannot cover is not made (and a retry never rides on an earlier attempt's money).
 *
 * The worst case is the prompt's UTF-8 bytes as input tokens (a byte-level BPE tokenizer never
 * makes more tokens than bytes), plus a chat template's few tokens per message, plus the call's
 * `max_tokens`, at the model's price. A refused call throws `budget_exhausted`: the cascade skips
 * the remote tier, and the edge answer comes back `degraded`.
 */

export interface BudgetPorts {
  config: Config;
  db: Database;
  clock: Clock;
  /** Null when the Worker has no `BUDGETS` binding: a budget then refuses every remote call. */
  budgets: Budgets | null;
}

/** Whose money a request spends: the project's, and the task's when it has one. */
export interface BudgetScope {
  projectId: string;
  taskId: string | null;
  /** The task's `settings.daily_budget_usd`; null for none. */
  taskCapUsd: number | null;
}

/** A request's budget: wraps the remote models so that every call is reserved and settled. */
export interface BudgetGuard {
  readonly projectId: string;
  readonly projectCapUsd: number | null;
  readonly taskCapUsd: number | null;
  chatModel(chat: ChatModel): ChatModel;
  /** A remote provider that is not a chat model (Workers AI's BART summarizer). */
  provider(provider: ModelProvider): ModelProvider;
}

/** Tokens a chat template adds around each message, and around the whole prompt, at most. */
const TOKENS_PER_MESSAGE = 8;
const TOKENS_PER_PROMPT = 16;

/**
 * The request's budget, or null when neither the project nor the task has one: then no remote
 * call is metered and no Durable Object is called (the project's budget is read from an
 * isolate cache, src/budget/project-cap.ts).
 */
export async function budgetGuard(ports: BudgetPorts, scope: BudgetScope): Promise<BudgetGuard | null> {
  const projectCapUsd = await cachedProjectBudgetUsd(ports.db, scope.projectId, ports.clock.now());
  if (projectCapUsd === null && scope.taskCapUsd === null) return null;
  return meteredGuard(ports, { ...scope, projectCapUsd });
}

function meteredGuard(ports: BudgetPorts, scope: BudgetScope & { projectCapUsd: number | null }): BudgetGuard {
  const priceOf = (provider: ModelProvider["provider"], modelId: string): ModelPrice | null =>
    provider === "edge" ? null : remoteModelPrice(ports.config, provider, modelId);

  /** Reserves `worst`, runs the call, settles with what it cost; throws `budget_exhausted` when refused. */
  async function metered<T>(modelId: string, price: ModelPrice | null, worst: Usage, signal: AbortSignal, call: () => Promise<T>, spent: (result: T) => Usage): Promise<T> {
    if (!price) {
      warnUnpriced(modelId);
      throw new ProviderError(
        "budget_exhausted",
        `${modelId} has no known price, so a call to it cannot be reserved under the daily budget; set its price in MODEL_PRICES`,
      );
    }
    const budgets = ports.budgets;
    if (!budgets) throw new ProviderError("not_configured", "A daily budget is set but the Worker has no BUDGETS binding: no remote call is made");
    const amountNano = nanoCeil(callCostUsd(price, worst, 1)!);
    let reservation;
    try {
      reservation = await budgets.reserve(scope.projectId, {
        day: utcDay(ports.clock.now()),
        amountNano,
        projectCapNano: scope.projectCapUsd === null ? null : nanoFloor(scope.projectCapUsd),
        taskId: scope.taskId,
        taskCapNano: scope.taskCapUsd === null ? null : nanoFloor(scope.taskCapUsd),
      });
    } catch (error) {
      // Fail closed: a call the ledger did not hold is not made.
      throw new ProviderError("server_error", `The budget ledger could not be reached: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300));
    }
    if (!reservation.ok) {
      const whose = reservation.scope === "project" ? "project's" : "task's";
      throw new ProviderError(
        "budget_exhausted",
        `The ${whose} daily budget has ${formatUsd(usdOf(reservation.leftNano))} left today, less than a call to ${modelId} may cost (${formatUsd(usdOf(amountNano))}); it is whole again at 00:00 UTC`,
      );
    }
    const settle = (usage: Usage | null) =>
      budgets.settle(scope.projectId, reservation.reservationId, usage ? nanoCeil(callCostUsd(price, usage, 1)!) : null).catch((error) => {
        // The reservation then counts as spent in full once it expires (ProjectBudget.RESERVATION_TTL_MS).
        console.error("budget: settling a reservation failed", error);
      });
    // The attempt's time ran out while the ledger answered: the call is not made, and costs nothing.
    if (signal.aborted) {
      await settle({ inputTokens: 0, outputTokens: 0 });
      throw ProviderError.from(signal.reason, signal);
    }
    let result: T;
    try {
      result = await call();
    } catch (error) {
      await settle(failedCallUsage(error));
      throw error;
    }
    await settle(spent(result));
    return result;
  }

  return {
    projectId: scope.projectId,
    projectCapUsd: scope.projectCapUsd,
    taskCapUsd: scope.taskCapUsd,
    chatModel(chat) {
      const price = priceOf(chat.provider, chat.modelId);
      return {
        provider: chat.provider,
        modelId: chat.modelId,
        complete: (request) =>
          metered(chat.modelId, price, worstCaseChatUsage(request), request.abortSignal, () => chat.complete(request), (completion) => completion.usage ?? estimatedChatUsage(request, completion)),
      };
    },
    provider(provider) {
      const price = priceOf(provider.provider, provider.modelId);
      const summarize = provider.summarize;
      if (!summarize) return provider;
      return {
        ...provider,
        summarize: (options: SummarizeOptions) =>
          metered(provider.modelId, price, worstCaseSummaryUsage(options), options.abortSignal, () => summarize.call(provider, options), (result) => result.usage),
      };
    },
  };
}

/** The most a chat call can bill: every prompt byte a token, the template's tokens, all of `max_tokens`. */
export function worstCaseChatUsage(request: Pick<ChatRequest, "messages" | "schema" | "maxTokens">): Usage {
  let input = TOKENS_PER_PROMPT;
  for (const message of request.messages) input += utf8ByteLength(message.content) + TOKENS_PER_MESSAGE;
  // Structured output puts the schema in front of the model too.
  if (request.schema) input += utf8ByteLength(JSON.stringify(request.schema.schema));
  return { inputTokens: input, outputTokens: request.maxTokens };
}

/** A summarizer without a chat prompt: the text's bytes in, a generous two tokens a word (plus slack) out. */
function worstCaseSummaryUsage(options: SummarizeOptions): Usage {
  return { inputTokens: utf8ByteLength(options.text) + TOKENS_PER_PROMPT, outputTokens: Math.ceil(options.maxWords * 2) + 32 };
}

/** What llm-provider estimates when an endpoint reports no usage: characters over four. */
function estimatedChatUsage(request: ChatRequest, completion: ChatCompletion): Usage {
  const reply = typeof completion.content === "string" ? completion.content : JSON.stringify(completion.content ?? "");
  return { inputTokens: estimateTokens(request.messages.map((m) => m.content).join("\n")), outputTokens: estimateTokens(reply), estimated: true };
}

/**
 * What a failed call cost: its reported usage; nothing when the endpoint answered with an error
 * status and no usage (it refused the call); otherwise not known (a timeout may still be billed),
 * so the whole reservation is kept as spent.
 */
function failedCallUsage(error: unknown): Usage | null {
  if (!(error instanceof ProviderError)) return null;
  if (error.details.usage) return error.details.usage;
  if (error.details.status !== undefined && error.details.status !== 408) return { inputTokens: 0, outputTokens: 0 };
  return null;
}

const warned = new Set<string>();

function warnUnpriced(modelId: string): void {
  if (warned.has(modelId)) return;
  warned.add(modelId);
  console.warn(`budget: ${modelId} has no known price and is skipped under a daily budget; set its price in MODEL_PRICES`);
}

function formatUsd(usd: number): string {
  return `$${usd.toFixed(usd >= 0.01 ? 4 : 8)}`;
}
