/** The API key the tests send; only its SHA-256 is configured, as in production. */
export const TEST_API_KEY = "ec_test_4f7c2b9e1d8a6035";
export const TEST_API_KEY_SHA256 = "6660eb44dd132d9ab1316631c0de39851ef346cf1e0df37c2f5107fce52dc3c7";
export const TEST_DECISION_HASH_KEY = "test-decision-hash-key-0123456789";
