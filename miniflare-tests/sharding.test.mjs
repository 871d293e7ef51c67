// Sharding through the real gateway (issue 4): a table policy stored by the
// config object, rows placed by tenant on several Durable Object shards,
// scatter reads merged to exactly what one shard answers, schema changes on
// every shard (and on shards created later), routing-map updates, tenant
// tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, db, freshDatabase, setPolicy, token } from './helpers.mjs';


const database = freshDatabase('shards');
const single = freshDatabase('unsharded');
const q = db(database);
const ref = db(single);

function policy(version, tenants = { acme: 'shard-acme' }) {
  return {
    tables: {
      orders: { pk: ['id'], shard_by: 'tenant_id' },
      countries: { pk: ['code'], reference: true },
    },
    routing: { version, tenant_shards: 4, tenants, ranges: [{ prefix: '00..ff', shard: 'range-0' }] },
  };
}



async function asCaller(bearer, sql, params = []) {
  const res = await fetch(`${baseUrl}/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ sql, params, database }),
  });
  return { status: res.status, body: await res.json() };
}

function ok(res) {
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

const TENANTS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'wonka', 'zeta', 'tyrell'];
const SCHEMA = 'CREATE TABLE orders (id INT PRIMARY KEY, tenant_id VARCHAR(20) NOT NULL, amount INT, price DECIMAL(8,2), note VARCHAR(20))';

test('the admin endpoint stores a policy only with a higher version', async () => {
  assert.equal(ok(await setPolicy({ database, policy: policy(1) })).applied, true);
  assert.equal(ok(await setPolicy({ database, policy: policy(1) })).applied, false);
  const older = await setPolicy({ database, policy: policy(0) });
  assert.equal(older.status, 400);
  assert.equal(older.body.error.errno, 1210);
  const bad = await setPolicy({ database, policy: { ...policy(5), tables: { orders: { pk: ['id'], shard_by: 7 } } } });
  assert.equal(bad.body.error.errno, 1210);
  assert.match(bad.body.error.message, /tables\.orders\.shard_by/);
  // Only an operator may change it: a tenant's token is refused.
  const tenant = await setPolicy({ database, policy: policy(9) }, { authorization: `Bearer ${token({ tenant_id: 'acme', permissions: ['read', 'write', 'ddl'] })}` });
  assert.equal(tenant.body.error.errno, 1227);
});

test('DDL reaches every shard and rows land on their tenant\'s shard', async () => {
  ok(await q(SCHEMA));
  ok(await ref(SCHEMA));
  let id = 0;
  const placed = new Map();
  for (const tenant of TENANTS) {
    for (let k = 0; k < 6; k++) {
      id++;
      const row = [id, tenant, (id * 37) % 23, ((id * 53) % 1000) / 10, k % 2 ? 'odd' : null];
      const res = ok(await q('INSERT INTO orders VALUES (?, ?, ?, ?, ?)', row));
      ok(await ref('INSERT INTO orders VALUES (?, ?, ?, ?, ?)', row));
      assert.equal(res.meta.shards.length, 1);
      placed.set(tenant, res.meta.shard);
    }
  }
  assert.equal(placed.get('acme'), `${database}/shard-acme`);
  const shards = new Set(placed.values());
  assert.ok(shards.size >= 4, `tenants spread over ${[...shards].join(', ')}`);
  for (const s of shards) assert.match(s, new RegExp(`^${database}/(shard-acme|tenant-[0-3])$`));

  // Each shard holds exactly its tenants' rows: counted on the shard itself.
  let total = 0;
  for (const shard of shards) {
    const tenant = [...placed].find(([, s]) => s === shard)[0];
    const res = ok(await q(`/*+ shard:tenant_id=${tenant} */ SELECT COUNT(*) AS n FROM orders`));
    assert.equal(res.meta.shard, shard);
    const expected = 6 * [...placed.values()].filter((s) => s === shard).length;
    assert.equal(Number(res.rows[0].n), expected, shard);
    total += Number(res.rows[0].n);
  }
  assert.equal(total, 60);
});

const SCATTER = [
  'SELECT id, tenant_id, amount FROM orders ORDER BY amount DESC, id LIMIT 7 OFFSET 4',
  'SELECT id, price FROM orders ORDER BY price, id LIMIT 5',
  'SELECT COUNT(*), SUM(amount), MIN(price), MAX(price), AVG(amount), AVG(price), COUNT(note) FROM orders',
  'SELECT tenant_id, COUNT(*) AS n, SUM(price) AS s, AVG(amount) AS a, MAX(id) FROM orders GROUP BY tenant_id ORDER BY tenant_id',
  'SELECT note, COUNT(*) FROM orders GROUP BY note ORDER BY note',
  'SELECT DISTINCT note FROM orders ORDER BY note',
  'SELECT COUNT(*) FROM orders WHERE amount > 10',
  'SELECT id FROM orders WHERE tenant_id IN (\'acme\', \'globex\', \'zeta\') ORDER BY id',
];

for (const sql of SCATTER) {
  test(`scatter read equals the single-shard answer: ${sql}`, async () => {
    const sharded = ok(await q(sql));
    const expected = ok(await ref(sql));
    assert.ok(sharded.meta.shards.length > 1, `served by ${sharded.meta.shard}`);
    assert.ok(expected.rows.length > 0, "the comparison has rows to compare");
    assert.deepEqual(sharded.rows, expected.rows);
    assert.deepEqual(sharded.fields.map((f) => [f.name, f.type]), expected.fields.map((f) => [f.name, f.type]));
  });
}

test('what cannot be merged or written across shards is refused, not answered wrongly', async () => {
  for (const sql of [
    'SELECT tenant_id, COUNT(*) FROM orders GROUP BY tenant_id HAVING COUNT(*) > 1',
    'SELECT COUNT(DISTINCT amount) FROM orders',
    'UPDATE orders SET amount = 0 WHERE amount > 5',
  ]) {
    const res = await q(sql);
    assert.equal(res.status, 400, sql);
    assert.equal(res.body.error.errno, 1235, `${sql}: ${JSON.stringify(res.body)}`);
  }
  const spanning = await q('INSERT INTO orders VALUES (900, \'acme\', 1, 1, NULL), (901, \'globex\', 1, 1, NULL)');
  assert.equal(spanning.body.error.errno, 1235);
});

test('a multi-row INSERT across shards is split only when the hint asks', async () => {
  const rows = 'INSERT INTO orders VALUES (?, \'acme\', 1, 1, NULL), (?, \'globex\', 2, 2, NULL), (?, \'acme\', 3, 3, ?)';
  const refused = await q(rows, [700, 701, 702, 'x']);
  assert.equal(refused.body.error.errno, 1235);
  const split = ok(await q(`/*+ split_rows */ ${rows}`, [700, 701, 702, 'x']));
  assert.equal(split.affectedRows, 3);
  assert.equal(split.meta.shards.length, 2);
  const acme = ok(await q('SELECT id, amount, note FROM orders WHERE tenant_id = \'acme\' AND id >= 700 ORDER BY id'));
  assert.deepEqual(acme.rows, [{ id: 700, amount: 1, note: null }, { id: 702, amount: 3, note: 'x' }]);
  const globex = ok(await q('SELECT id FROM orders WHERE tenant_id = \'globex\' AND id >= 700'));
  assert.deepEqual(globex.rows, [{ id: 701 }]);
  // A failing part is reported with what went in elsewhere.
  const again = await q(`/*+ split_rows */ ${rows}`, [703, 701, 704, null]);
  assert.equal(again.body.error.errno, 1062);
  ok(await q('DELETE FROM orders WHERE tenant_id = \'acme\' AND id >= 700'));
  ok(await q('DELETE FROM orders WHERE tenant_id = \'globex\' AND id >= 700'));
});

test('a reference table is written to every shard and read from one', async () => {
  ok(await q('CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name VARCHAR(40))'));
  const write = ok(await q('INSERT INTO countries VALUES (\'fr\', \'France\'), (\'jp\', \'Japan\')'));
  assert.equal(write.affectedRows, 2);
  assert.ok(write.meta.shards.length >= 4);
  const read = ok(await q('SELECT o.id, c.name FROM orders o JOIN countries c ON c.code = \'fr\' WHERE o.tenant_id = \'globex\' ORDER BY o.id LIMIT 1'));
  assert.equal(read.rows[0].name, 'France');
  assert.equal(read.meta.shards.length, 1);
});

test('a routing-map update moves new traffic, and a new shard gets the schema first', async () => {
  const before = ok(await q('INSERT INTO orders VALUES (100, \'newco\', 1, 1, NULL)'));
  assert.match(before.meta.shard, /tenant-[0-3]$/);
  ok(await setPolicy({ database, policy: policy(2, { acme: 'shard-acme', newco2: 'shard-new' }) }));
  // shard-new has never run a statement: it replays the schema, then inserts.
  const moved = ok(await q('INSERT INTO orders VALUES (101, \'newco2\', 5, 2.5, \'x\')'));
  assert.equal(moved.meta.shard, `${database}/shard-new`);
  const back = ok(await q('SELECT id, price FROM orders WHERE tenant_id = \'newco2\''));
  assert.deepEqual(back.rows, [{ id: 101, price: '2.50' }]);
  assert.equal(back.meta.shard, `${database}/shard-new`);
  // A later schema change reaches it too.
  ok(await q('ALTER TABLE orders ADD COLUMN shipped TINYINT NOT NULL DEFAULT 0'));
  const after = ok(await q('SELECT shipped FROM orders WHERE tenant_id = \'newco2\''));
  assert.deepEqual(after.rows, [{ shipped: 0 }]);
});

test('a tenant token reads and writes only its own tenant', async () => {
  const acme = token({ tenant_id: 'acme', permissions: ['read', 'write'] });
  const own = await asCaller(acme, 'SELECT COUNT(*) AS n FROM orders WHERE tenant_id = ?', ['acme']);
  assert.equal(own.status, 200, JSON.stringify(own.body));
  assert.equal(Number(own.body.rows[0].n), 6);
  for (const [sql, params] of [
    ['SELECT * FROM orders WHERE tenant_id = ?', ['globex']],
    ['/*+ shard:tenant_id=globex */ SELECT COUNT(*) FROM orders', []],
    ['INSERT INTO orders (id, tenant_id) VALUES (500, \'globex\')', []],
    ['DELETE FROM orders WHERE tenant_id = \'globex\'', []],
  ]) {
    const res = await asCaller(acme, sql, params);
    assert.equal(res.body.error?.errno, 1044, `${sql}: ${JSON.stringify(res.body)}`);
  }
  const readOnly = token({ tenant_id: 'acme', permissions: ['read'] });
  assert.equal((await asCaller(readOnly, 'DELETE FROM orders WHERE tenant_id = \'acme\'')).body.error.errno, 1142);
  const forged = token({ tenant_id: 'acme', permissions: ['read'] }, 'not-the-secret');
  assert.equal((await asCaller(forged, 'SELECT 1')).body.error.errno, 1045);
  // Still six rows for globex: nothing above changed them.
  assert.equal(Number(ok(await q('SELECT COUNT(*) AS n FROM orders WHERE tenant_id = \'globex\'')).rows[0].n), 6);
});
