import type { RequestHandler, Response } from 'express';
import { ErrorCode } from '../graphql/errors';

/**
 * Who runs and who waits, first come first served: at most `limit` run at
 * once. Timers and HTTP are the middleware's (below); this is the bookkeeping.
 */
export class AdmissionQueue<T> {
  private running = 0;
  /** Waiting tickets in arrival order (a Set keeps insertion order and removes in O(1)). */
  private readonly waiting = new Set<T>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('The admission limit must be a positive integer');
  }

  get active(): number { return this.running; }
  get queued(): number { return this.waiting.size; }

  /** True: the ticket runs now. False: it waits for `finish` to hand it a slot, or for `leave`. */
  arrive(ticket: T): boolean {
    if (this.running < this.limit && this.waiting.size === 0) {
      this.running += 1;
      return true;
    }
    this.waiting.add(ticket);
    return false;
  }

  /** A running ticket is done: its slot goes to the longest-waiting ticket, returned (it runs now), if any. */
  finish(): T | undefined {
    if (this.running === 0) throw new Error('finish() without a running ticket');
    const next = this.waiting.values().next();
    if (next.done) {
      this.running -= 1;
      return undefined;
    }
    this.waiting.delete(next.value);
    return next.value;
  }

  /** A waiting ticket gives up (its wait ran out, its client left). False when it was not waiting: it runs already. */
  leave(ticket: T): boolean {
    return this.waiting.delete(ticket);
  }
}

export interface AdmissionOptions {
  /** Operations that execute at once (MAX_CONCURRENT_OPERATIONS). */
  limit: number;
  /** How long one may wait for a slot before it is refused. */
  waitMs: number;
  /** The `Retry-After` header of a refusal, in seconds. */
  retryAfterSeconds?: number;
  /** Counts refusals (metrics). */
  onRefused?: () => void;
}

export interface Admission {
  handler: RequestHandler;
  /** Running and waiting now (for /metrics). */
  queue: Pick<AdmissionQueue<unknown>, 'active' | 'queued'>;
}

function refuse(res: Response, retryAfterSeconds: number): void {
  res.status(503).set('Retry-After', String(retryAfterSeconds)).json({
    errors: [{ message: 'The service is busy; try again shortly', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryable: true } }],
  });
}

/**
 * An express middleware in front of the GraphQL handler: a request holds a
 * slot from when it is let through until its response is done (sent, or the
 * client gone); one that gets no slot within `waitMs` is answered 503
 * SERVICE_UNAVAILABLE (`retryable: true`, `Retry-After`) without running.
 * It sits after the body is read, so a slow upload holds no slot.
 */
export function admission({ limit, waitMs, retryAfterSeconds = 1, onRefused }: AdmissionOptions): Admission {
  const queue = new AdmissionQueue<() => void>(limit);
  const handler: RequestHandler = (_req, res, next) => {
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      queue.finish()?.();
    };
    const run = () => {
      // 'close' follows 'finish', and also comes alone when the client goes away first.
      res.once('close', release);
      next();
    };
    let timer: NodeJS.Timeout | undefined;
    const gone = () => {
      clearTimeout(timer);
      queue.leave(start);
    };
    const start = () => {
      clearTimeout(timer);
      res.off('close', gone);
      run();
    };
    if (queue.arrive(start)) return run();
    res.once('close', gone);
    timer = setTimeout(() => {
      if (!queue.leave(start)) return;
      res.off('close', gone);
      onRefused?.();
      refuse(res, retryAfterSeconds);
    }, waitMs);
  };
  return { handler, queue };
}
