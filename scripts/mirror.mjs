// edge-sql mirror verify: asks the gateway to compare a database's D1
// mirror with its shards (POST /v1/admin/mirror/verify), one bounded part
// per request, and prints the report. The comparison is the core's
// (gateway/mirror_verify.h); this only sends its state back until done.

export async function verifyMirror({ url, database, token }) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let state;
  for (;;) {
    const res = await fetch(`${url}/v1/admin/mirror/verify`, {
      method: 'POST',
      headers,
      body: JSON.stringify(state === undefined ? { database } : { database, state }),
    });
    const body = await res.json();
    if (body.error) return { error: body.error };
    if (body.done) return { report: body };
    state = body.state;
  }
}

export function formatReport(report) {
  const lines = [];
  for (const t of report.tables) {
    if (t.schema !== 'ok') {
      lines.push(`${t.table}: ${t.schema === 'extra' ? 'in the mirror only' : `schema ${t.schema}`}  DIFFERS`);
      continue;
    }
    for (const s of t.shards) {
      const sums = s.checksum === s.mirrorChecksum ? `checksum ${s.checksum}` : `checksum ${s.checksum} vs ${s.mirrorChecksum}`;
      lines.push(`${t.table} @ ${s.shard}: rows ${s.rows} vs ${s.mirrorRows}, ${sums}  ${s.ok ? 'ok' : 'DIFFERS'}`);
    }
    if (t.shards.length === 0) lines.push(`${t.table}: no shards  ok`);
  }
  const bad = report.tables.filter((t) => !t.ok).length;
  lines.push(report.ok ? `mirror of ${report.database}: ${report.tables.length} tables match` : `mirror of ${report.database}: ${bad} of ${report.tables.length} tables differ`);
  return `${lines.join('\n')}\n`;
}
