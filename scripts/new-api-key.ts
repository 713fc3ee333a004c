/**
 * `npm run key:new`: prints a fresh bootstrap API key (shown once) and the SHA-256 to configure.
 * The Worker stores only hashes: add the hash to API_KEY_HASHES (comma-separated). A bootstrap
 * key administers the default project and is the only kind of key that may create projects;
 * every other key is created through the API (README, "Projects and keys").
 */
import { createHash, randomBytes } from "node:crypto";

const key = `ec_${randomBytes(24).toString("base64url")}`;
const hash = createHash("sha256").update(key).digest("hex");
console.log(`Bootstrap API key (keep it for the operator; it is not stored anywhere):\n  ${key}\n`);
console.log(`SHA-256 (configure this):\n  ${hash}\n`);
console.log("Local:      append it to API_KEY_HASHES in .dev.vars (comma-separated)");
console.log("Production: npx wrangler secret put API_KEY_HASHES --env production   (paste all hashes, comma-separated)\n");
console.log("A bootstrap key is an admin of the default project (where data from before projects lives)");
console.log("and the only key that may create projects. Give clients project keys instead:");
console.log("  1. POST /v1/projects {\"name\": \"acme\"} with the bootstrap key: the answer holds the");
console.log("     project's first admin key (`key`, shown once).");
console.log("  2. POST /v1/keys {\"name\": \"bot\", \"scopes\": [\"classify\"], \"tasks\": [\"support-triage\"]}");
console.log("     with that admin key: a key for that project only, shown once.");
console.log("  3. DELETE /v1/keys/{id} revokes a key (refused everywhere within 60 s).");
console.log("See README.md, \"Projects and keys\".");
