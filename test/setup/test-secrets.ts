/** The API key the tests send; only its SHA-256 is configured, as in production. */
export const TEST_API_KEY = "ec_test_4f7c2b9e1d8a6035";
export const TEST_API_KEY_SHA256 = "6660eb44dd132d9ab1316631c0de39851ef346cf1e0df37c2f5107fce52dc3c7";
/** The decision log's HMAC keys and the sealing keys (`<version>:<secret>`, newest first). */
export const TEST_HASH_KEYS = "v1:test-hash-key-v1-0123456789abcdef0123";
export const TEST_SEALING_KEYS = "v1:test-sealing-key-v1-0123456789abcdef0123";
/** The legacy single key (version v0 of both), for the tests of deployments from before HASH_KEYS and SEALING_KEYS. */
export const TEST_DECISION_HASH_KEY = "test-decision-hash-key-0123456789";
