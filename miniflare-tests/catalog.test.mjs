// The catalog through a real worker: strict-mode checks with MySQL's errors,
// MySQL result types, and introspection answered in MySQL's layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { db, freshDatabase } from './helpers.mjs';

const name = freshDatabase('catalog');
const q = db(name);

test('setup: a table with the types strict mode cares about', async () => {
  const r = await q(`CREATE TABLE items (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    sku VARCHAR(8) NOT NULL,
    qty TINYINT UNSIGNED NOT NULL DEFAULT 0,
    size ENUM('S','M','L') DEFAULT 'M',
    price DECIMAL(6,2) NOT NULL DEFAULT '0.00',
    note TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    UNIQUE KEY uk_sku (sku),
    KEY idx_size_price (size, price)
  ) ENGINE=InnoDB AUTO_INCREMENT=10 DEFAULT CHARSET=utf8mb4 COMMENT='stock'`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
});

test('strict mode: out of range 1264, enum 1265, too long 1406, wrong type 1366', async () => {
  const cases = [
    ["INSERT INTO items (sku, qty) VALUES ('a', 300)", 1264, 'ER_WARN_DATA_OUT_OF_RANGE', '22003', /qty/],
    ["INSERT INTO items (sku, qty) VALUES ('a', -1)", 1264, 'ER_WARN_DATA_OUT_OF_RANGE', '22003', /qty/],
    ["INSERT INTO items (sku, size) VALUES ('a', 'XL')", 1265, 'WARN_DATA_TRUNCATED', '01000', /size/],
    ["INSERT INTO items (sku) VALUES ('much-too-long')", 1406, 'ER_DATA_TOO_LONG', '22001', /sku/],
    ["INSERT INTO items (sku, qty) VALUES ('a', 'many')", 1366, 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD', 'HY000', /qty/],
    ["INSERT INTO items (sku, price) VALUES ('a', 12345.5)", 1264, 'ER_WARN_DATA_OUT_OF_RANGE', '22003', /price/],
  ];
  for (const [sql, errno, code, sqlState, column] of cases) {
    const r = await q(sql);
    assert.equal(r.body.error?.errno, errno, `${sql}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.code, code);
    assert.equal(r.body.error.sqlState, sqlState);
    assert.match(r.body.error.message, column);
  }
  const count = await q('SELECT COUNT(*) AS n FROM items');
  assert.deepEqual(count.body.rows, [{ n: 0 }], 'rejected rows leave nothing behind');
});

test('AUTO_INCREMENT=10 starts ids at 10; DECIMAL comes back with its scale; _ci compares case-insensitively', async () => {
  let r = await q("INSERT INTO items (sku, qty, size, price) VALUES ('ab-1', 3, 'L', 9.5), ('AB-2', 4, 'S', 12)");
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.insertId, 10);
  r = await q('SELECT id, sku, price FROM items ORDER BY id');
  assert.deepEqual(r.body.rows, [{ id: 10, sku: 'ab-1', price: '9.50' }, { id: 11, sku: 'AB-2', price: '12.00' }]);
  assert.deepEqual(r.body.fields.map((f) => f.type), ['LONG', 'VAR_STRING', 'NEWDECIMAL']);
  r = await q("SELECT sku FROM items WHERE sku = 'AB-1'");
  assert.deepEqual(r.body.rows, [{ sku: 'ab-1' }]);
  r = await q("INSERT INTO items (sku) VALUES ('Ab-1')");
  assert.equal(r.body.error?.errno, 1062, 'a _ci unique key treats case variants as duplicates');
});

test('DESCRIBE and SHOW COLUMNS give MySQL types, keys, defaults and extras', async () => {
  const r = await q('DESCRIBE items');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const byField = Object.fromEntries(r.body.rows.map((row) => [row.Field, row]));
  assert.deepEqual(byField.id, { Field: 'id', Type: 'int unsigned', Null: 'NO', Key: 'PRI', Default: null, Extra: 'auto_increment' });
  assert.deepEqual(byField.sku, { Field: 'sku', Type: 'varchar(8)', Null: 'NO', Key: 'UNI', Default: null, Extra: '' });
  assert.equal(byField.size.Type, "enum('S','M','L')");
  assert.equal(byField.size.Key, 'MUL');
  assert.equal(byField.size.Default, 'M');
  assert.equal(byField.price.Default, '0.00');
  assert.equal(byField.created_at.Default, 'CURRENT_TIMESTAMP');
  assert.equal(byField.created_at.Extra, 'DEFAULT_GENERATED on update CURRENT_TIMESTAMP');
  const full = await q("SHOW FULL COLUMNS FROM items LIKE 's%'");
  assert.deepEqual(full.body.rows.map((row) => [row.Field, row.Collation]), [['sku', 'utf8mb4_0900_ai_ci'], ['size', 'utf8mb4_0900_ai_ci']]);
});

test('SHOW INDEX and SHOW CREATE TABLE read the catalog', async () => {
  const idx = await q('SHOW INDEX FROM items');
  assert.deepEqual(idx.body.rows.map((row) => [row.Key_name, row.Seq_in_index, row.Column_name, row.Non_unique]),
    [['PRIMARY', 1, 'id', 0], ['uk_sku', 1, 'sku', 0], ['idx_size_price', 1, 'size', 1], ['idx_size_price', 2, 'price', 1]]);
  const create = await q('SHOW CREATE TABLE items');
  const ddl = create.body.rows[0]['Create Table'];
  assert.match(ddl, /^CREATE TABLE `items` \(\n  `id` int unsigned NOT NULL AUTO_INCREMENT,/);
  assert.match(ddl, /UNIQUE KEY `uk_sku` \(`sku`\)/);
  assert.match(ddl, /\) ENGINE=InnoDB AUTO_INCREMENT=12 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci COMMENT='stock'$/);
  const missing = await q('DESCRIBE nope');
  assert.equal(missing.body.error.errno, 1146);
});

test('CREATE TABLE ... LIKE copies the definition; CREATE/DROP INDEX update it', async () => {
  let r = await q('CREATE TABLE items_copy LIKE items');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await q('CREATE INDEX idx_note ON items_copy (note(20))');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await q('SHOW INDEX FROM items_copy');
  assert.ok(r.body.rows.some((row) => row.Key_name === 'idx_note' && row.Sub_part === null), JSON.stringify(r.body.rows));
  r = await q('DROP INDEX idx_note ON items_copy');
  assert.equal(r.status, 200);
  r = await q('DROP INDEX idx_note ON items_copy');
  assert.equal(r.body.error.errno, 1091);
  r = await q("INSERT INTO items_copy (sku, qty) VALUES ('x', 256)");
  assert.equal(r.body.error?.errno, 1264, 'the copy keeps the checks');
  r = await q('DROP TABLE items_copy');
  assert.equal(r.status, 200);
  r = await q('DESCRIBE items_copy');
  assert.equal(r.body.error.errno, 1146);
});
