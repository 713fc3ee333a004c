/**
 * `npm run key:new`: prints a fresh API key (shown once) and the SHA-256 to configure.
 * The Worker stores only hashes: add the hash to API_KEY_HASHES (comma-separated).
 */
import { createHash, randomBytes } from "node:crypto";

const key = `ec_${randomBytes(24).toString("base64url")}`;
const hash = createHash("sha256").update(key).digest("hex");
console.log(`API key (give it to the client; it is not stored anywhere):\n  ${key}\n`);
console.log(`SHA-256 (configure this):\n  ${hash}\n`);
console.log("Local:      append it to API_KEY_HASHES in .dev.vars (comma-separated)");
console.log("Production: npx wrangler secret put API_KEY_HASHES --env production   (paste all hashes, comma-separated)");
