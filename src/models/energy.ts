/**
 * Rough energy per call, in watt-hours, for the decision log. Sources: Luccioni et al. 2024
 * (task-specific classifiers about 0.002 kWh per 1,000 inferences, i.e. 0.002 Wh each) and
 * the brief's 3-4 J per output token for a 65-70B model; prompt tokens are processed in
 * parallel and cost roughly a tenth of that each. Smaller models scale with their size.
 */
const JOULES_PER_OUTPUT_TOKEN_70B = 3.5;
const PROMPT_TOKEN_SHARE = 0.1;
const EDGE_WH_PER_INFERENCE = 0.002;

/** Parameter count in billions, read from a model id like `@cf/meta/llama-3.1-8b-instruct`. */
function billionsOfParameters(modelId: string): number {
  const match = /(\d+(?:\.\d+)?)b\b/i.exec(modelId);
  return match ? Number(match[1]) : 70;
}

/** Estimated watt-hours of one LLM call. */
export function llmEnergyWh(modelId: string, inputTokens: number, outputTokens: number): number {
  const joulesPerToken = (JOULES_PER_OUTPUT_TOKEN_70B * billionsOfParameters(modelId)) / 70;
  return (joulesPerToken * (outputTokens + PROMPT_TOKEN_SHARE * inputTokens)) / 3600;
}

/** Estimated watt-hours of one compact-model inference in the Worker. */
export function edgeEnergyWh(): number {
  return EDGE_WH_PER_INFERENCE;
}

/** Grams of CO2 for an energy in watt-hours at a grid intensity in g/kWh (GRID_INTENSITY_G_PER_KWH). */
export function co2Grams(energyWh: number, gridIntensityGPerKwh: number): number {
  return (energyWh * gridIntensityGPerKwh) / 1000;
}
