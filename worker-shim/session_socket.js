// WebSocket sessions (GET /v1/ws, docs/sessions.md): a socket's messages to
// the core's sessions and their answers back, several sessions to a socket
// when the client asks (channels).
import { loadCore } from './core.js';
import { drive } from './calls.js';
import { callerOf, json } from './http.js';

// For /v1/health: the sockets this isolate holds (a pool's connections share some).
export let openSockets = 0;

// GET /v1/ws: a session (gateway/session.h, docs/sessions.md). Messages are
// answered one after another, in order, each as {"id", ...answer}; the
// socket's end rolls back a transaction left open.
//
// With ?channels=1 the socket carries several sessions (a pool's
// connections): the upgrade's session is channel 0, {"op": "open",
// "channel": n, "database"} opens another, {"op": "close", "channel": n}
// ends one, and every other message names its channel. Each channel's
// messages are answered in order; channels do not wait for each other. A
// frame may hold an array of messages, and the answers ready at once go
// back in one frame, an array: a message costs the isolate about as much
// as a point read does, so sixteen in one frame cost little more than one.
export async function openSession(request, env, ctx) {
  if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
    return json(426, { error: { errno: 0, code: 'UPGRADE_REQUIRED', sqlState: 'HY000', message: 'GET /v1/ws needs a WebSocket upgrade' } });
  }
  const core = await loadCore();
  const params = new URL(request.url).searchParams;
  const open = (database) => core.sessionOpen(callerOf(request, env, { nonce: crypto.randomUUID() }), database);
  const opened = open(params.get('database') ?? '');
  if (opened.status !== 200) return json(opened.status, opened.body);
  const [client, socket] = Object.values(new WebSocketPair());
  socket.accept();
  openSockets++;
  const channels = new Map([[0, newChannel(JSON.parse(opened.body).session)]]);
  const multiplexed = params.get('channels') === '1';
  let closed = false;
  let outbox = [];
  let outboxChars = 0;
  const deliver = (body) => {
    if (closed) return;
    if (!multiplexed) return socket.send(body);
    // Answers finished in the same turn of the event loop share a frame,
    // up to MAX_FRAME_CHARS: large answers are not held back, nor joined
    // into one beyond the platform's message limit.
    if (outbox.length > 0 && outboxChars + body.length > MAX_FRAME_CHARS) flush();
    outboxChars += body.length;
    if (outbox.push(body) === 1) setTimeout(flush, 0);
  };
  const flush = () => {
    if (outbox.length === 0) return; // sent already, by a deliver that filled the frame
    const bodies = outbox;
    outbox = [];
    outboxChars = 0;
    if (!closed) socket.send(bodies.length === 1 ? bodies[0] : `[${bodies.join(',')}]`);
  };
  // The core's final answer is the reply, the message's id in it.
  const reply = async (channel, text) => {
    let body;
    try {
      const finish = (context, answers) => core.sessionFinish(channel.session, context, answers);
      body = (await drive(core, core.sessionMessage(channel.session, text, Date.now()), env, ctx, finish, true)).body;
    } catch (error) {
      // A fault of the worker's own: the request still gets its answer.
      console.error(`session ${channel.session}: ${error?.stack ?? error}`);
      body = core.socketRefusal('workerFault', idOf(text), String(error?.message ?? error));
    }
    deliver(body);
  };
  const end = (channel) => {
    channel.tail = channel.tail.then(() => drive(core, core.sessionClose(channel.session), env, ctx))
      .catch((error) => console.error(`session ${channel.session}: closing: ${error?.stack ?? error}`));
    ctx.waitUntil(channel.tail);
    return channel.tail;
  };
  // A message for channel `number`: the chain never rejects, so a later
  // message, and the close's rollback, still run.
  const enqueue = (number, text, message) => {
    const channel = channels.get(number);
    if (message?.op === 'open') return deliver(openChannel(core, channels, number, message, open));
    if (channel === undefined) return deliver(core.socketRefusal('noSession', idText(message), JSON.stringify(number)));
    if (message?.op === 'close') {
      channels.delete(number);
      return end(channel).then(() => deliver(JSON.stringify({ id: message.id ?? null })));
    }
    channel.tail = channel.tail.then(() => reply(channel, text)).catch((error) => console.error(`session ${channel.session}: ${error?.stack ?? error}`));
  };
  socket.addEventListener('message', (event) => {
    const text = typeof event.data === 'string' ? event.data : new TextDecoder().decode(event.data);
    if (!multiplexed) return enqueue(0, text);
    let messages;
    try {
      messages = JSON.parse(text);
    } catch {
      return deliver(core.socketRefusal('malformedFrame', 'null'));
    }
    for (const message of Array.isArray(messages) ? messages : [messages]) {
      const number = message?.channel ?? 0;
      enqueue(number, JSON.stringify(message), message);
    }
  });
  const close = () => {
    if (closed) return;
    closed = true;
    openSockets--;
    for (const channel of channels.values()) end(channel);
    channels.clear();
  };
  socket.addEventListener('close', () => {
    close();
    try {
      socket.close(1000, 'bye');
    } catch {}
  });
  socket.addEventListener('error', close);
  return new Response(null, { status: 101, webSocket: client });
}

// A frame of several answers stays under this many characters (a single
// answer may be larger: WebSocket messages may hold up to 32 MiB).
const MAX_FRAME_CHARS = 1 << 20;

// Sessions one socket may carry (a pool's connectionLimit; MySQL's
// max_connections is 151 by default).
const MAX_CHANNELS = 1024;

function newChannel(session) {
  return { session, tail: Promise.resolve() };
}

// {"op": "open", "channel": n, "database"?} -> the answer to send: {"id"}
// once channel n has a session of its own, or the error opening one gave.
function openChannel(core, channels, number, message, open) {
  if (!Number.isSafeInteger(number) || number < 0 || channels.has(number)) {
    return core.socketRefusal('channelTaken', idText(message), JSON.stringify(number));
  }
  if (channels.size >= MAX_CHANNELS) return core.socketRefusal('tooManySessions', idText(message), String(MAX_CHANNELS));
  const opened = open(typeof message.database === 'string' ? message.database : '');
  if (opened.status !== 200) return JSON.stringify({ id: message.id ?? null, ...JSON.parse(opened.body) });
  channels.set(number, newChannel(JSON.parse(opened.body).session));
  return JSON.stringify({ id: message.id ?? null });
}

// The id of a message as JSON text, for a reply the core words.
function idText(message) {
  return JSON.stringify(message?.id ?? null);
}

function idOf(text) {
  try {
    return idText(JSON.parse(text));
  } catch {
    return 'null';
  }
}
