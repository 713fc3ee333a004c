/**
 * The model's binary artifact: a versioned header, then every array little-endian.
 * Layout (version 1): "ECLF" magic, u16 version, u16 zero (pads the header to 16 bytes so
 * the payload is word-aligned), u32 payload length, u32 FNV-1a checksum of the payload, then
 * the payload written by `encodeClassifier` in field order. The vocabulary's slot table is
 * stored as built, so decoding is block copies: loading a model is a one-off of milliseconds.
 */
import { type CompactClassifier } from "./classifier.ts";
import { fromUtf8, utf8 } from "../text/encoding.ts";
import { ByteReader, ByteWriter, LITTLE_ENDIAN } from "./artifact-bytes.ts";

const MAGIC = "ECLF";
export const ARTIFACT_VERSION = 1;
const HEADER_BYTES = 16;

/** Serialises a classifier to compact bytes (the same model always gives the same bytes). */
export function encodeClassifier(model: CompactClassifier): Uint8Array {
  const out = new ByteWriter();
  out.u32(model.labels.length);
  for (const label of model.labels) out.text(label);
  const { charMin, charMax, wordBigrams, skipBigrams, wordWeight } = model.features;
  out.u8(charMin).u8(charMax).u8(wordBigrams ? 1 : 0).u8(skipBigrams ? 1 : 0).f64(wordWeight);
  out.f64(model.temperature).f32(model.unseenIdf);
  const { size, slots } = model.vocabulary;
  out.u32(size).u32(slots.length);
  out.u32s(slots);
  out.f32s(model.idf).f32s(model.rowScales).f32s(model.bias);
  out.u32s(model.rowStart);
  out.u16s(model.columns).i8s(model.weights);
  const payload = out.bytes();
  const header = new ByteWriter().raw(utf8(MAGIC)).u16(ARTIFACT_VERSION).u16(0).u32(payload.length).u32(checksum(payload));
  return concat(header.bytes(), payload);
}

/** Reads an artifact back; throws a clear Error on foreign, corrupt or other-version bytes. */
export function decodeClassifier(bytes: Uint8Array): CompactClassifier {
  if (!(bytes instanceof Uint8Array) || bytes.length < HEADER_BYTES) throw new Error("not a classifier artifact: too short");
  const header = new ByteReader(bytes.subarray(0, HEADER_BYTES));
  const magic = fromUtf8(header.raw(4));
  if (magic !== MAGIC) throw new Error("not a classifier artifact: bad magic bytes");
  const version = header.u16();
  if (version !== ARTIFACT_VERSION) throw new Error(`classifier artifact version ${version} is not supported (expected ${ARTIFACT_VERSION})`);
  header.u16();
  const length = header.u32();
  const expected = header.u32();
  const payload = bytes.subarray(HEADER_BYTES);
  if (payload.length !== length) throw new Error(`classifier artifact truncated: ${payload.length} of ${length} payload bytes`);
  if (checksum(payload) !== expected) throw new Error("classifier artifact corrupt: checksum mismatch");
  const input = new ByteReader(payload);
  const labels = Array.from({ length: input.u32() }, () => input.text());
  const features = { charMin: input.u8(), charMax: input.u8(), wordBigrams: input.u8() === 1, skipBigrams: input.u8() === 1, wordWeight: input.f64() };
  const temperature = input.f64();
  const unseenIdf = input.f32();
  const size = input.u32();
  const slotWords = input.u32();
  // A power-of-two table at most half full, or lookups could probe forever.
  if (slotWords < 4 || (slotWords & (slotWords - 1)) !== 0 || size * 4 > slotWords) throw new Error("classifier artifact corrupt: bad vocabulary table");
  const slots = input.u32s(slotWords);
  const idf = input.f32s(size);
  const rowScales = input.f32s(size);
  const bias = input.f32s(labels.length);
  const rowStart = input.u32s(size + 1);
  const entries = rowStart[size];
  const columns = input.u16s(entries);
  const weights = input.i8s(entries);
  input.end();
  // No per-entry range check: the checksum already vouches for the bytes, and a check over
  // every weight would cost more CPU than a Worker request should spend on loading a model.
  return { labels, features, temperature, unseenIdf, vocabulary: { slots, size }, idf, rowScales, bias, rowStart, columns, weights };
}

/** FNV-1a over 32-bit little-endian words (then the tail bytes): catches truncation and bit rot, not tampering. */
function checksum(bytes: Uint8Array): number {
  const words = bytes.length >>> 2;
  let hash = 0x811c9dc5;
  if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) {
    // A word view is several times faster than DataView calls while the code is still cold.
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
    for (let i = 0; i < words; i++) hash = Math.imul(hash ^ view[i], 0x01000193);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < words; i++) hash = Math.imul(hash ^ view.getUint32(i * 4, true), 0x01000193);
  }
  for (let i = words * 4; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash >>> 0;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
