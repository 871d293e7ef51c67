// Deadlines timed by one timer per owner (a request's context in the
// worker, the Durable Object in the shard) rather than one per deadline: a
// timer costs workerd far more than a Set insertion, and a busy session set
// and cleared one per shard call, per call waiting for a batch and per
// transaction step (5% of the isolate's samples under the update workload;
// more in throughput, as most of a timer's cost is outside JavaScript).
// An owner's timer runs while it has a deadline pending, which in the
// worker also keeps a waiting request from counting as hung, and fires a
// deadline up to TICK_MS late.
const TICK_MS = 100;
const clocks = new WeakMap(); // owner -> {pending: Set<{at, fire}>, timer}

// Calls `fire` once `ms` have passed, from `owner`'s timer, unless the
// function it returns is called first.
export function after(owner, ms, fire) {
  let clock = clocks.get(owner);
  if (clock === undefined) {
    clock = { pending: new Set(), timer: null };
    clocks.set(owner, clock);
  }
  const deadline = { at: Date.now() + ms, fire };
  clock.pending.add(deadline);
  if (clock.timer === null) tick(clock);
  return () => clock.pending.delete(deadline);
}

function tick(clock) {
  clock.timer = setTimeout(() => {
    const now = Date.now();
    for (const deadline of clock.pending) {
      if (deadline.at > now) continue;
      clock.pending.delete(deadline);
      deadline.fire();
    }
    if (clock.pending.size > 0) tick(clock);
    else clock.timer = null;
  }, TICK_MS);
}
