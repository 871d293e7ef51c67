// SQLite values <-> JSON for the shard boundary. Blobs travel as
// {"$binary": "<base64>"} (docs/http-api.md); everything else is JSON already.
//
// Integers beyond 2^53 cannot be made exact here. workerd's SqlStorage cursor
// turns every SQLITE_INTEGER into a JS number (static_cast<double> in
// Cursor::iteratorImpl; no BigInt option), so 9007199254740993 arrives as
// 9007199254740992 although SQLite holds it exactly; and bindings are only
// ArrayBuffer, string or double (a BigInt binding throws "Cannot convert a
// BigInt value to a number"; a number binds as REAL). Exact values have to
// cross as text: the core's SQL can select CAST(x AS TEXT) for integers out of
// the safe range, and params beyond 2^53 can be bound as strings, which
// INTEGER affinity stores exactly. See client/README.md ("BIGINT").

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
