// `edge-sql policy check FILE`: reads a table-policy.yaml, hands it to the
// core as JSON and formats the core's verdict. No rule is checked here: the
// model and its validation live in C++ (src/routing/table_policy.h).
import { readFileSync } from 'node:fs';
import YAML from 'yaml';

// A table-policy.yaml as JSON text -> {json} or {error: text to print}.
export function readPolicyYaml(file) {
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    return { error: `edge-sql: cannot read ${file}: ${err.message}\n` };
  }
  try {
    // Unique keys, plain JSON values: a duplicated table would otherwise
    // silently keep only its last entry.
    const document = YAML.parse(source, { uniqueKeys: true, prettyErrors: true });
    return { json: JSON.stringify(document ?? null) };
  } catch (err) {
    const where = err.linePos?.[0] ? ` line ${err.linePos[0].line}, column ${err.linePos[0].col}` : '';
    // The library appends its own " at line L, column C:" and a snippet.
    const reason = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return { error: `${file}:${where} YAML error: ${reason}\n` };
  }
}

// -> {ok, text}: a summary of the policy, or what is wrong with it; with
// `schemaFile` (MySQL DDL or a dump) also checked against its tables.
export function checkPolicyFile(core, file, schemaFile) {
  const { json, error } = readPolicyYaml(file);
  if (error) return { ok: false, text: error };
  let schema = '';
  if (schemaFile !== undefined) {
    try {
      schema = readFileSync(schemaFile, 'utf8');
    } catch (err) {
      return { ok: false, text: `edge-sql: cannot read ${schemaFile}: ${err.message}\n` };
    }
  }
  const out = core.checkPolicy(json, schema);
  if (out.status !== 200) {
    const { error } = JSON.parse(out.body);
    return { ok: false, text: `${file}: ERROR ${error.errno} (${error.sqlState}): ${error.message}\n` };
  }
  return { ok: true, text: formatSummary(file, JSON.parse(out.body)) };
}

function formatSummary(file, summary) {
  const byPlacement = { tenant: [], hash: [], reference: [] };
  for (const t of summary.tables) {
    byPlacement[t.placement].push(t.placement === 'tenant' ? `${t.name} (by ${t.shardBy})` : t.name);
  }
  const { routing, schema } = summary;
  const lines = [
    `${file}: OK, ${summary.tables.length} table${summary.tables.length === 1 ? '' : 's'}`,
    `  tenant-placed: ${byPlacement.tenant.join(', ') || '-'}`,
    `  hashed by primary key: ${byPlacement.hash.join(', ') || '-'}`,
    `  reference (on every shard): ${byPlacement.reference.join(', ') || '-'}`,
    `  routing map version ${routing.version}: ${routing.tenants} explicit tenant${routing.tenants === 1 ? '' : 's'}, ` +
      `others over ${routing.tenantShards} shard${routing.tenantShards === 1 ? '' : 's'}; ${routing.ranges} hash range${routing.ranges === 1 ? '' : 's'}`,
  ];
  if (schema) {
    lines.push(
      `  matches the schema: ${schema.tables} table${schema.tables === 1 ? '' : 's'} defined` +
        (schema.skippedStatements > 0 ? ` (${schema.skippedStatements} other statements skipped)` : ''),
    );
  }
  return `${lines.join('\n')}\n`;
}
