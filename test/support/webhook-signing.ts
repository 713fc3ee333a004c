/** Signing as each sender does it, written apart from src/ so the tests do not grade their own homework. */
const encoder = new TextEncoder();

async function hmac(key: Uint8Array, content: Uint8Array): Promise<Uint8Array> {
  // BufferSource: the Workers types and Node's DOM types (the e2e tests sign too) disagree on Uint8Array's buffer.
  const cryptoKey = await crypto.subtle.importKey("raw", key as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, content as BufferSource));
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

export async function githubSignature(secret: string, body: string | Uint8Array): Promise<string> {
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  return `sha256=${hex(await hmac(encoder.encode(secret), bytes))}`;
}

export async function slackSignature(secret: string, timestamp: string, body: string): Promise<string> {
  return `v0=${hex(await hmac(encoder.encode(secret), encoder.encode(`v0:${timestamp}:${body}`)))}`;
}

export function whsecKey(secret: string): Uint8Array {
  const binary = atob(secret.replace(/^whsec_/, ""));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export async function standardSignature(secret: string, id: string, timestamp: string, body: string): Promise<string> {
  return `v1,${base64(await hmac(whsecKey(secret), encoder.encode(`${id}.${timestamp}.${body}`)))}`;
}

/** A fresh `whsec_` secret with 32 random bytes. */
export function newWhsec(): string {
  return `whsec_${base64(crypto.getRandomValues(new Uint8Array(32)))}`;
}

export const nowSeconds = () => String(Math.floor(Date.now() / 1000));
