/**
 * One finished transaction's continuation per turn of the event loop.
 *
 * libuv accepts at most one new connection per turn. When many transactions
 * finish together (one round of database answers under load), their callers'
 * synchronous work (resolvers, the answer's JSON, its write) would all run in
 * that one turn, and every connection waiting to be accepted (a load
 * balancer's `/health` probe among them) waits one such long turn per
 * connection ahead of it. Handing out turns one at a time keeps each turn to
 * one caller's work, so the listener accepts between answers.
 */
const waiting: (() => void)[] = [];
let scheduled = false;

function giveTurn() {
  const next = waiting.shift();
  // Scheduled from inside a check-phase callback, so it runs in the next turn, after that turn's I/O.
  scheduled = waiting.length > 0;
  if (scheduled) setImmediate(giveTurn);
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
