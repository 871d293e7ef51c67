// @edge-mysql/promise: the common surface of mysql2/promise over Edge SQL's HTTP API.
// `import mysql from '@edge-mysql/promise'` and the named imports both work.

import { Connection, ResultSetHeader, createConnection } from './src/connection.js';
import { parseDsn } from './src/dsn.js';
import { Pool, PoolConnection, createPool } from './src/pool.js';

export { Connection, Pool, PoolConnection, ResultSetHeader, createConnection, createPool, parseDsn };

export default { Connection, Pool, PoolConnection, ResultSetHeader, createConnection, createPool, parseDsn };
