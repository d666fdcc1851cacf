import type { Database } from '../platform/db/client';
import type { EventBus } from '../platform/events/bus';
import type { Logger } from '../platform/log';
import type { Worker } from '../platform/module';
import { modules } from './modules';

/** Starts every module's background workers; stopping stops them all. */
export async function startWorkers(db: Database, log: Logger, bus: EventBus): Promise<Worker> {
  const started = await Promise.all(modules.flatMap((m) => (m.workers ?? []).map((start) => start({ db, log, bus }))));
  return { stop: async () => { await Promise.all(started.map((w) => w.stop())); } };
}
