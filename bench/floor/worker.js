// The platform floor (bench/floor/wrangler.toml): the least a Worker can do
// to run the benchmark's SQL in a Durable Object's SQLite. A request names
// statements; one object runs them in one transactionSync and answers their
// rows. Over HTTP (POST /run) and over a WebSocket (GET /ws, one message
// per request, or an array of requests answered in one message, in order)
// like the gateway's two paths.
//
//   {"statements": [{"sql": "...", "params": [...]}], "object": "name"?}
//   -> {"results": [{"columns": [...], "rows": [[...]]}]} | {"error": "..."}
//
// A `then` statement reads its parameters from the previous statement's
// first row (`"params": [["row", 0, "plus", 1]]`: column 0, plus 1), so a
// read-modify-write (the counter) runs in one call, as a Durable Object
// application would write it.
//
// `"rollback": true` answers the statements and then rolls them back: the
// least an interactive transaction costs on this platform, where no storage
// transaction may stay open between calls, so each statement is answered
// by a call that undoes it and the commit is a call that runs them all
// again (bench/engines.mjs, floorSession's interactive client).
import { DurableObject } from 'cloudflare:workers';

const ROLL_BACK = Symbol('roll back');

export class FloorShard extends DurableObject {
  run(statements, rollback = false) {
    const results = [];
    try {
      this.ctx.storage.transactionSync(() => {
        let previous = null;
        for (const { sql, params = [] } of statements) {
          const bound = params.map((p) => (Array.isArray(p) ? previous.rows[0][p[1]] + (p[3] ?? 0) : p));
          const cursor = this.ctx.storage.sql.exec(sql, ...bound);
          previous = { columns: cursor.columnNames, rows: [...cursor.raw()] };
          results.push(previous);
        }
        if (rollback) throw ROLL_BACK;
      });
      return { results };
    } catch (error) {
      if (error === ROLL_BACK) return { results };
      return { error: String(error?.message ?? error) };
    }
  }
}

function shard(env, request) {
  return env.FLOOR.get(env.FLOOR.idFromName(request.object ?? 'floor'));
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === '/run' && request.method === 'POST') {
      const body = await request.json();
      const answer = await shard(env, body).run(body.statements, body.rollback);
      return Response.json(answer, { status: answer.error ? 400 : 200 });
    }
    if (pathname === '/ws') {
      const [client, socket] = Object.values(new WebSocketPair());
      socket.accept();
      let tail = Promise.resolve();
      const answer = async (body) => ({ id: body.id, ...(await shard(env, body).run(body.statements, body.rollback)) });
      socket.addEventListener('message', (event) => {
        const body = JSON.parse(event.data);
        // An array of requests (several clients' over one socket, as the
        // gateway's pooled connections share one) is answered in one frame.
        const answered = Array.isArray(body) ? () => Promise.all(body.map(answer)) : () => answer(body);
        tail = tail.then(async () => socket.send(JSON.stringify(await answered())));
      });
      socket.addEventListener('close', () => socket.close());
      return new Response(null, { status: 101, webSocket: client });
    }
    if (pathname === '/health') return Response.json({ status: 'ok' });
    return new Response('not found', { status: 404 });
  },
};
