// Placeholder until `npm run fit:summary-confidence` writes the fitted model.
export const CONFIDENCE_MODEL = {
  intercept: 0.5,
  weights: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
};
