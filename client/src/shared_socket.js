// Several sessions over one WebSocket (GET /v1/ws?channels=1, docs/sessions.md): how a pool's
// connections reach the gateway by default. Each connection is a channel with a session of its
// own, as if it had a socket of its own; what they share is the frames. The requests that
// connections make in one turn of the event loop go in one frame, and the gateway puts the
// answers it finishes together in one frame. A frame costs the gateway's isolate about as much as
// the point read it carries, so sixteen connections in one frame cost it little more than one.
//
// The price is the one of any shared transport: a large result on one channel delays the frames
// behind it. `shareSocket: false` gives each pooled connection a socket of its own.

import { serverError } from './errors.js';
import { connectSocket, lost, SessionSocket } from './session_socket.js';

// A frame of several requests stays under this many characters, as the gateway's of answers do.
const kFrameChars = 1 << 20;

// The next turn of the event loop, after every callback of this one.
const nextTurn = typeof setImmediate === 'function' ? setImmediate : (fn) => setTimeout(fn, 0);

// Channels per socket. A socket's channels move in step: a frame of their requests, then a frame
// of answers, so while the gateway works the client waits and the other way round. Two sockets of
// eight channels keep both busy: at 16 connections, 39k cached point reads a second over one
// socket, 57k over two (27k with a socket each).
export const kChannelsPerSocket = 8;

/** A pool's sockets, enough for `connections` channels, each opened when first needed and again once lost. */
export class SocketShare {
  constructor(config, connections) {
    this._config = config;
    this._slots = Array.from({ length: Math.ceil(connections / kChannelsPerSocket) }, () => ({ socket: null, channels: 0 }));
  }

  /** A session of its own (a Channel) for a connection on `database`, on the least busy socket. */
  async channel(database) {
    const slot = this._slots.reduce((best, slot) => (slot.channels < best.channels ? slot : best));
    slot.channels++;
    for (;;) {
      slot.socket ??= SharedSocket.open(this._config);
      const opening = slot.socket;
      let socket;
      try {
        socket = await opening;
        if (!socket.closed) return await socket.openChannel(database, () => slot.channels--);
      } catch (err) {
        slot.channels--;
        if (slot.socket === opening) slot.socket = null; // the next connection tries anew
        throw err;
      }
      if (slot.socket === opening) slot.socket = null;
    }
  }

  close() {
    for (const slot of this._slots) slot.socket?.then((s) => s.close(), () => {});
  }
}

class SharedSocket extends SessionSocket {
  static async open(config) {
    return new SharedSocket(await connectSocket(config, { channels: '1' }), config.database ?? '');
  }

  constructor(ws, database) {
    super(ws);
    this._outbox = []; // messages of this turn, as JSON text
    this._outboxChars = 0;
    this._zeroDatabase = database; // the upgrade opened channel 0 on it; null once taken
    this._nextChannel = 1;
  }

  /** A Channel with a session on `database`: the upgrade's own if still free, else a new one. */
  async openChannel(database = '', onClose = () => {}) {
    if (this._zeroDatabase !== null && this._zeroDatabase === database) {
      this._zeroDatabase = null;
      return new Channel(this, 0, onClose);
    }
    const number = this._nextChannel++;
    const answer = await this.request({ op: 'open', channel: number, database });
    if (answer.error) {
      const err = serverError(answer.error);
      err.fatal = true; // as a refused connection's
      throw err;
    }
    return new Channel(this, number, onClose);
  }

  /** Ends channel `number`'s session (the gateway rolls back its transaction); nothing to await. */
  closeChannel(number) {
    if (!this.closed) this.request({ op: 'close', channel: number }).catch(() => {});
  }

  // Into this turn's frame: a turn's requests share one up to kFrameChars; a larger one goes alone.
  _send(text) {
    if (this._outbox.length > 0 && this._outboxChars + text.length > kFrameChars) this._flush();
    this._outboxChars += text.length;
    if (this._outbox.push(text) === 1) nextTurn(() => this._flush());
  }

  _flush() {
    if (this._outbox.length === 0) return; // sent already, by a request that filled the frame
    const messages = this._outbox;
    this._outbox = [];
    this._outboxChars = 0;
    if (this.closed) return;
    this._ws.send(messages.length === 1 ? messages[0] : `[${messages.join(',')}]`);
  }
}

/** One connection's session on a SharedSocket: what a SessionSocket is to a connection alone. */
class Channel {
  constructor(socket, number, onClose) {
    this._socket = socket;
    this._number = number;
    this._closed = false;
    this._onClose = onClose;
  }

  request(message, sql) {
    if (this._closed) return Promise.reject(lost(undefined, sql));
    return this._socket.request({ ...message, channel: this._number }, sql);
  }

  close() {
    if (this._closed) return;
    this._closed = true;
    this._onClose();
    this._socket.closeChannel(this._number);
  }

  get closed() {
    return this._closed || this._socket.closed;
  }
}
