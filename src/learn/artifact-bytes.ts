/**
 * Little-endian byte writing and reading for the model artifact (no Buffer: runs in Workers).
 * Arrays are copied as whole blocks on little-endian hosts (all Workers and Node targets), so
 * decoding a multi-megabyte model costs a few milliseconds of a request's CPU, not tens.
 */
import { fromUtf8Strict, utf8 } from "../text/encoding.ts";

export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class ByteWriter {
  private buffer = new Uint8Array(1024);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  /** Written bytes, trimmed to length. */
  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
  raw(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }
  u8(value: number): this {
    return this.put(1, (at) => this.view.setUint8(at, value));
  }
  u16(value: number): this {
    return this.put(2, (at) => this.view.setUint16(at, value, true));
  }
  u32(value: number): this {
    return this.put(4, (at) => this.view.setUint32(at, value, true));
  }
  f32(value: number): this {
    return this.put(4, (at) => this.view.setFloat32(at, value, true));
  }
  f64(value: number): this {
    return this.put(8, (at) => this.view.setFloat64(at, value, true));
  }
  /** A UTF-8 string prefixed by its byte length. */
  text(value: string): this {
    const encoded = utf8(value);
    return this.u32(encoded.length).raw(encoded);
  }
  u16s(values: Uint16Array): this {
    if (LITTLE_ENDIAN) return this.raw(asBytes(values));
    for (let i = 0; i < values.length; i++) this.u16(values[i]);
    return this;
  }
  u32s(values: Uint32Array): this {
    if (LITTLE_ENDIAN) return this.raw(asBytes(values));
    for (let i = 0; i < values.length; i++) this.u32(values[i]);
    return this;
  }
  f32s(values: Float32Array): this {
    if (LITTLE_ENDIAN) return this.raw(asBytes(values));
    for (let i = 0; i < values.length; i++) this.f32(values[i]);
    return this;
  }
  i8s(values: Int8Array): this {
    return this.raw(asBytes(values));
  }

  private put(size: number, write: (at: number) => void): this {
    this.reserve(size);
    write(this.length);
    this.length += size;
    return this;
  }
  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }
}

export class ByteReader {
  private readonly view: DataView;
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  /** Throws unless every byte was read: trailing bytes mean a different layout. */
  end(): void {
    if (this.at !== this.bytes.length) throw new Error(`classifier artifact corrupt: ${this.bytes.length - this.at} unread bytes`);
  }
  raw(length: number): Uint8Array {
    return this.bytes.slice(this.take(length), this.at);
  }
  u8(): number {
    return this.view.getUint8(this.take(1));
  }
  u16(): number {
    return this.view.getUint16(this.take(2), true);
  }
  u32(): number {
    return this.view.getUint32(this.take(4), true);
  }
  f32(): number {
    return this.view.getFloat32(this.take(4), true);
  }
  f64(): number {
    return this.view.getFloat64(this.take(8), true);
  }
  text(): string {
    return fromUtf8Strict(this.raw(this.u32()));
  }
  u16s(count: number): Uint16Array {
    this.need(count * 2);
    if (LITTLE_ENDIAN) return new Uint16Array(this.raw(count * 2).buffer);
    return Uint16Array.from({ length: count }, () => this.u16());
  }
  u32s(count: number): Uint32Array {
    this.need(count * 4);
    if (LITTLE_ENDIAN) return new Uint32Array(this.raw(count * 4).buffer);
    return Uint32Array.from({ length: count }, () => this.u32());
  }
  f32s(count: number): Float32Array {
    this.need(count * 4);
    if (LITTLE_ENDIAN) return new Float32Array(this.raw(count * 4).buffer);
    return Float32Array.from({ length: count }, () => this.f32());
  }
  i8s(count: number): Int8Array {
    return new Int8Array(this.raw(count).buffer);
  }

  private need(length: number): void {
    if (!(length >= 0) || this.at + length > this.bytes.length) throw new Error("classifier artifact corrupt: unexpected end of data");
  }
  private take(length: number): number {
    this.need(length);
    const start = this.at;
    this.at += length;
    return start;
  }
}

function asBytes(values: ArrayBufferView): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}
