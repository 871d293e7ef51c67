// SQLite values <-> JSON for the shard boundary. Blobs travel as
// {"$binary": "<base64>"} (docs/http-api.md); everything else is JSON already.

function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

export function toBinding(value) {
  return value !== null && typeof value === 'object' ? fromBase64(value.$binary) : value;
}

export function fromSqlite(value) {
  return value instanceof ArrayBuffer ? { $binary: toBase64(value) } : value;
}
