// DSN and options resolution: pure, no gateway needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from '../src/dsn.js';
import { parseDsn } from '../index.js';

test('loopback hosts use http, with port, user, database and token', () => {
  for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
    const config = resolveConfig(`edge-mysql://app@${host}:8787/shop?token=t0k`);
    assert.equal(config.endpoint, `http://${host}:8787`);
    assert.equal(config.user, 'app');
    assert.equal(config.database, 'shop');
    assert.equal(config.token, 't0k');
    assert.equal(config.rowsAsArray, false);
  }
});

test('other hosts use https; no port means the scheme default', () => {
  assert.equal(resolveConfig('edge-mysql://u@db.example.com/x').endpoint, 'https://db.example.com');
  assert.equal(resolveConfig('edge-mysql://u@db.example.com:8443/x').endpoint, 'https://db.example.com:8443');
});

test('hosted form builds the workers.dev URL', () => {
  const config = resolveConfig('edge-mysql://acme@cloudflare/app?account_id=abc123&project=edge-sql&token=s');
  assert.equal(config.endpoint, 'https://edge-sql.abc123.workers.dev');
  assert.equal(config.user, 'acme');
  assert.equal(config.database, 'app');
  assert.equal(config.token, 's');
});

test('hosted form without a database', () => {
  const config = resolveConfig('edge-mysql://acme@cloudflare?account_id=a&project=p&token=s');
  assert.equal(config.endpoint, 'https://p.a.workers.dev');
  assert.equal(config.database, undefined);
});

test('endpoint= overrides the base URL in both forms', () => {
  assert.equal(
    resolveConfig('edge-mysql://u@db.example.com/x?endpoint=http%3A%2F%2F127.0.0.1%3A9000%2F').endpoint,
    'http://127.0.0.1:9000',
  );
  assert.equal(
    resolveConfig('edge-mysql://u@cloudflare/x?endpoint=https://gw.example.net/edge').endpoint,
    'https://gw.example.net/edge',
  );
});

test("tokens keep '+' and percent-decoded characters", () => {
  assert.equal(resolveConfig('edge-mysql://u@localhost/d?token=a+b/c%3D').token, 'a+b/c=');
});

test('a DSN password is the token unless token= is given', () => {
  assert.equal(resolveConfig('edge-mysql://u:pw@localhost/d').token, 'pw');
  assert.equal(resolveConfig('edge-mysql://u:pw@localhost/d?token=t').token, 't');
});

test('ssl= and rowsAsArray= parameters', () => {
  assert.equal(resolveConfig('edge-mysql://u@db.internal:80/d?ssl=false').endpoint, 'http://db.internal:80');
  assert.equal(resolveConfig('edge-mysql://u@localhost:1/d?ssl=true').endpoint, 'https://localhost:1');
  assert.equal(resolveConfig('edge-mysql://u@localhost/d?rowsAsArray=true').rowsAsArray, true);
});

test('shareSocket: on unless an option or the DSN turns it off', () => {
  assert.equal(resolveConfig('edge-mysql://u@localhost/d').shareSocket, true);
  assert.equal(resolveConfig('edge-mysql://u@localhost/d?shareSocket=false').shareSocket, false);
  assert.equal(resolveConfig({ host: 'h', shareSocket: false }).shareSocket, false);
  assert.throws(() => resolveConfig('edge-mysql://u@localhost/d?shareSocket=maybe'), /shareSocket/);
});

test('options object form', () => {
  const config = resolveConfig({ host: 'localhost', port: 8787, user: 'app', database: 'd', token: 't', rowsAsArray: true });
  assert.deepEqual(config, {
    host: 'localhost', port: 8787, user: 'app', database: 'd', token: 't', rowsAsArray: true,
    supportBigNumbers: false, bigNumberStrings: false, decimalNumbers: false, jsonStrings: false,
    dateStrings: false, timezone: 'local', typeCast: true, transport: 'ws', shareSocket: true,
    maxPreparedStatements: 16000, endpoint: 'http://localhost:8787',
  });
  assert.equal(resolveConfig({ host: '::1', port: 1 }).endpoint, 'http://[::1]:1');
  assert.equal(resolveConfig({ host: 'h', ssl: false }).endpoint, 'http://h');
  assert.equal(resolveConfig({ endpoint: 'https://x.example/' }).endpoint, 'https://x.example');
  assert.equal(resolveConfig({ host: 'h', password: 'pw' }).token, 'pw');
  assert.equal(resolveConfig({ host: 'cloudflare', accountId: 'a', project: 'p' }).endpoint, 'https://p.a.workers.dev');
});

test("mysql2's type options, from an options object or the DSN", () => {
  const typeCast = (field, next) => next();
  const config = resolveConfig({
    host: 'h', supportBigNumbers: true, bigNumberStrings: true, decimalNumbers: true, jsonStrings: true,
    dateStrings: ['DATE'], timezone: '+05:30', typeCast,
  });
  assert.deepEqual(
    [config.supportBigNumbers, config.bigNumberStrings, config.decimalNumbers, config.jsonStrings, config.dateStrings,
      config.timezone, config.typeCast],
    [true, true, true, true, ['DATE'], '+05:30', typeCast],
  );
  assert.equal(resolveConfig({ host: 'h', typeCast: false }).typeCast, false);
  assert.equal(resolveConfig({ host: 'h', timezone: 'Z' }).timezone, 'Z');
  const dsn = resolveConfig('edge-mysql://u@localhost/d?supportBigNumbers=true&bigNumberStrings=1&decimalNumbers=true' +
    '&jsonStrings=true&dateStrings=DATE,TIMESTAMP&timezone=%2B02:00');
  assert.deepEqual(
    [dsn.supportBigNumbers, dsn.bigNumberStrings, dsn.decimalNumbers, dsn.jsonStrings, dsn.dateStrings, dsn.timezone],
    [true, true, true, true, ['DATE', 'TIMESTAMP'], '+02:00'],
  );
  assert.equal(resolveConfig('edge-mysql://u@localhost/d?dateStrings=true').dateStrings, true);
  assert.deepEqual(resolveConfig('edge-mysql://u@localhost/d?dateStrings=["DATETIME"]').dateStrings, ['DATETIME']);
  // '+' in a URL query may have become a space on the way, as mysql2 allows for.
  assert.equal(resolveConfig('edge-mysql://u@localhost/d?timezone=%2005:00').timezone, '+05:00');
});

test('invalid type options are errors', () => {
  assert.throws(() => resolveConfig({ host: 'h', timezone: 'Europe/Paris' }), /timezone must be 'local', 'Z' or '\+HH:MM'/);
  assert.throws(() => resolveConfig({ host: 'h', dateStrings: ['DATES'] }), /dateStrings must be/);
  assert.throws(() => resolveConfig({ host: 'h', typeCast: 'yes' }), /typeCast must be/);
  assert.throws(() => resolveConfig('edge-mysql://u@localhost/d?dateStrings=TIME'), /dateStrings= must be/);
  assert.throws(() => resolveConfig('edge-mysql://u@localhost/d?supportBigNumbers=maybe'), /supportBigNumbers= must be true or false/);
});

test('uri option, with explicit options winning', () => {
  const config = resolveConfig({ uri: 'edge-mysql://u@localhost:8787/a?token=t', database: 'b' });
  assert.equal(config.endpoint, 'http://localhost:8787');
  assert.equal(config.database, 'b');
  assert.equal(config.token, 't');
});

test('parseDsn is exported', () => {
  assert.deepEqual(parseDsn('edge-mysql://u@localhost:1/d'), { host: 'localhost', port: 1, user: 'u', database: 'd' });
});

test('invalid DSNs throw clear errors without echoing credentials', () => {
  const cases = [
    ['not a dsn', /not a URL/],
    ['mysql://u:pw@localhost/d', /scheme must be edge-mysql/],
    ['edge-mysql://u@cloudflare/d?project=p&token=secret', /needs account_id/],
    ['edge-mysql://u@cloudflare/d?account_id=a', /needs project/],
    ['edge-mysql://u@localhost/d?tokne=secret', /unknown parameter "tokne"/],
    ['edge-mysql://u@localhost/a/b', /not a database name/],
    ['edge-mysql://u@localhost/d?ssl=maybe', /ssl= must be true or false/],
    ['edge-mysql://u@localhost/d?endpoint=ftp://x', /must be http/],
    ['edge-mysql://u@cloudflare/d?account_id=a.b&project=p', /DNS labels/],
  ];
  for (const [dsn, pattern] of cases) {
    assert.throws(() => resolveConfig(dsn), (err) => {
      assert.match(err.message, pattern, dsn);
      assert.doesNotMatch(err.message, /secret|:pw@/);
      return true;
    });
  }
  assert.throws(() => resolveConfig(42), /DSN string or an options object/);
  assert.throws(() => resolveConfig({}), /no host, endpoint or DSN/);
});
