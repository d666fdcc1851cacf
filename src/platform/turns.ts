/**
 * One caller's work per few turns of the event loop: db/tenant.ts waits for a
 * turn before each transaction (on PGlite the transaction itself runs in this
 * thread) and after it (the caller's work on its result).
 *
 * libuv accepts at most one new connection per turn. When many transactions
 * finish together (one round of database answers under load), their callers'
 * synchronous work (resolvers, the answer's JSON, its write) would all run in
 * that one turn, and every connection waiting to be accepted (a load
 * balancer's `/health` probe among them) waits one such long turn per
 * connection ahead of it. Handing out turns one at a time, with a few empty
 * turns between (each only polls: microseconds), the listener accepts several
 * connections per caller's work.
 */
const TURNS_BETWEEN_CALLERS = 4;

const waiting: (() => void)[] = [];
let scheduled = false;

// An immediate scheduled from inside a check-phase callback runs in the next turn, after that turn's I/O.
function turnAfter(turns: number, then: () => void) {
  setImmediate(turns <= 1 ? then : () => turnAfter(turns - 1, then));
}

function giveTurn() {
  const next = waiting.shift();
  scheduled = waiting.length > 0;
  if (scheduled) turnAfter(TURNS_BETWEEN_CALLERS, giveTurn);
  next?.();
}

/** Resolves in a later turn of the event loop, after those who asked before. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(giveTurn);
    }
  });
}
