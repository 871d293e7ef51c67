// The differential suite (difftest/) against the running gateway: every
// record of every case file is one test, checked against the answers a real
// MariaDB gave (stored in the case files by `npm run difftest -- --regenerate`).
// Records marked `skipif edge-sql <reason>` are known gaps: reported as
// skipped with their reason, not as failures.
import { describe, it } from 'node:test';
import { GatewayEngine } from '../difftest/engines.mjs';
import { check, label, loadCases, plan, sqlFor } from '../difftest/suite.mjs';
import { baseUrl } from './helpers.mjs';

const engine = new GatewayEngine(baseUrl);

for (const file of loadCases(process.env.DIFFTEST_FILTER)) {
  // One suite per file, its records in order against one fresh database.
  describe(`difftest ${file.name}`, () => {
    let session;
    const open = async () => { session ??= await engine.open(file.name); return session; };
    for (const record of file.records) {
      const what = plan(record, engine.name);
      if (what === 'ignore') continue; // MariaDB-only setup
      if (what.skip) {
        it(label(record), { skip: what.skip }, () => {});
        continue;
      }
      it(label(record), async () => {
        const outcome = await (await open()).run(sqlFor(record, engine.name));
        const problem = check(record, outcome);
        if (problem !== null) throw new Error(`${record.file}:${record.line}\n${record.sql}\n${problem}`);
      });
    }
  });
}
