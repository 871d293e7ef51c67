// ConfigStore: one per database, the durable home of its table policy.
// The core validates a policy and decides when to ask; this object only
// keeps the newest version, atomically: a put wins only with a higher
// version (Durable Object calls run one at a time, so the compare and the
// write cannot interleave with another put).
import { DurableObject } from 'cloudflare:workers';

export class ConfigStore extends DurableObject {
  // -> {version, policy}: policy is the JSON text, or null when none.
  async get() {
    const stored = await this.ctx.storage.get('policy');
    return stored ?? { version: 0, policy: null };
  }

  // -> {applied, version}: version is what the object holds afterwards.
  async put(version, policy) {
    const stored = (await this.ctx.storage.get('policy')) ?? { version: 0, policy: null };
    if (version <= stored.version) return { applied: false, version: stored.version };
    await this.ctx.storage.put('policy', { version, policy });
    return { applied: true, version };
  }
}
