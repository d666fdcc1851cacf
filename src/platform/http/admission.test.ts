import { AdmissionQueue } from './admission';

/** Steps: `+a` a arrives, `-` a running one finishes, `x a` a leaves. Each step's outcome, then running/waiting counts. */
function play(limit: number, steps: string[]): { outcomes: string[]; active: number; queued: number } {
  const queue = new AdmissionQueue<string>(limit);
  const outcomes = steps.map((step) => {
    if (step.startsWith('+')) return queue.arrive(step.slice(1)) ? 'runs' : 'waits';
    if (step === '-') return `next ${queue.finish() ?? 'none'}`;
    if (step.startsWith('x ')) return queue.leave(step.slice(2)) ? 'left' : 'not waiting';
    throw new Error(step);
  });
  return { outcomes, active: queue.active, queued: queue.queued };
}

describe('AdmissionQueue', () => {
  it.each<[string, number, string[], string[], number, number]>([
    ['under the limit all run', 3, ['+a', '+b'], ['runs', 'runs'], 2, 0],
    ['at the limit the next waits', 1, ['+a', '+b'], ['runs', 'waits'], 1, 1],
    ['a finish hands the slot to the waiting one', 1, ['+a', '+b', '-'], ['runs', 'waits', 'next b'], 1, 0],
    ['first come first served', 1, ['+a', '+b', '+c', '-', '-'], ['runs', 'waits', 'waits', 'next b', 'next c'], 1, 0],
    ['a finish with nobody waiting frees the slot', 2, ['+a', '+b', '-', '+c'], ['runs', 'runs', 'next none', 'runs'], 2, 0],
    ['one that left is skipped', 1, ['+a', '+b', '+c', 'x b', '-'], ['runs', 'waits', 'waits', 'left', 'next c'], 1, 0],
    ['leaving twice, or while running, changes nothing', 1, ['+a', '+b', 'x b', 'x b', 'x a'], ['runs', 'waits', 'left', 'not waiting', 'not waiting'], 1, 0],
    ['a newcomer does not overtake the queue', 2, ['+a', '+b', '+c', '-', '+d'], ['runs', 'runs', 'waits', 'next c', 'waits'], 2, 1],
    ['all finish: nothing runs', 2, ['+a', '+b', '+c', '-', '-', '-'], ['runs', 'runs', 'waits', 'next c', 'next none', 'next none'], 0, 0],
  ])('%s', (_what, limit, steps, outcomes, active, queued) => {
    expect(play(limit, steps)).toEqual({ outcomes, active, queued });
  });

  it('refuses a limit below 1 and a finish with nothing running', () => {
    expect(() => new AdmissionQueue(0)).toThrow('positive integer');
    expect(() => new AdmissionQueue(1.5)).toThrow('positive integer');
    expect(() => play(1, ['-'])).toThrow('without a running ticket');
  });
});
