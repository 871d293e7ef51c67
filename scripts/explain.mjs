// `edge-sql explain`: the routing decision for SQL under a table policy, as
// the gateway would make it. The decision and its reason come from the core
// (src/routing/shard_router.h); this file only reads options and prints.
import { existsSync } from 'node:fs';
import { readPolicyYaml } from './policy_check.mjs';

// -> {code, stdout, stderr}; code 2 means a usage mistake.
export function explain(core, args, readStdin) {
  const o = { policy: undefined, database: 'app', tenant: '', params: '[]', json: false, sql: undefined };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = i + 1 < args.length ? args[i + 1] : undefined;
    if (arg === '--policy' && value !== undefined) o.policy = args[++i];
    else if (arg === '--database' && value !== undefined) o.database = args[++i];
    else if (arg === '--tenant' && value !== undefined) o.tenant = args[++i];
    else if (arg === '--params' && value !== undefined) o.params = args[++i];
    else if (arg === '--json') o.json = true;
    else if (!arg.startsWith('--') && o.sql === undefined) o.sql = arg;
    else return { code: 2, stdout: '', stderr: '' };
  }
  const file = o.policy ?? 'table-policy.yaml';
  if (o.policy === undefined && !existsSync(file)) {
    return { code: 1, stdout: '', stderr: 'edge-sql explain: no ./table-policy.yaml; pass --policy FILE\n' };
  }
  const { json, error } = readPolicyYaml(file);
  if (error) return { code: 1, stdout: '', stderr: error };
  let params;
  try {
    params = JSON.parse(o.params);
    if (!Array.isArray(params)) throw new Error('not an array');
  } catch {
    return { code: 1, stdout: '', stderr: `edge-sql explain: --params must be a JSON array, got ${o.params}\n` };
  }
  const fail = (out) => {
    const { error: e } = JSON.parse(out.body);
    return { code: 1, stdout: '', stderr: `ERROR ${e.errno} (${e.sqlState}): ${e.message}\n` };
  };
  const set = core.setPolicy(o.database, json);
  if (set.status !== 200) return fail(set);
  const sql = o.sql ?? readStdin();
  const out = core.explain(sql, JSON.stringify({ database: o.database, tenant: o.tenant, params }));
  if (out.status !== 200) return fail(out);
  const result = JSON.parse(out.body);
  if (o.json) return { code: 0, stdout: `${JSON.stringify(result, null, 2)}\n`, stderr: '' };
  const lines = [];
  for (const s of result.statements) {
    if (s.route === 'reject') {
      lines.push(`${s.kind}: reject, ERROR ${s.error.errno} (${s.error.sqlState}): ${s.error.message}`);
      continue;
    }
    const where = s.route === 'scatter' ? `every shard (${s.shards.length})` : s.shards.join(', ');
    lines.push(`${s.kind}: ${s.route}${s.write ? ' write' : ''} -> ${where}`, `  because ${s.reason}`);
  }
  lines.push(`(table policy version ${result.policyVersion})`);
  return { code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
}
