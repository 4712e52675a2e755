import { describe, expect, it } from 'vitest';
import { retryBusyBegin } from '../../../electron/store/mutate/busy-retry';

/** The retry of a transaction SQLite refused as busy before it began (electron/store/mutate/busy-retry.ts). */
const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

describe('retryBusyBegin', () => {
  it('tries again while the begin is refused as busy, and returns the result', () => {
    let tries = 0;
    expect(
      retryBusyBegin(
        () => {
          if (++tries < 4) throw busy();
          return 'saved';
        },
        () => false,
      ),
    ).toBe('saved');
    expect(tries).toBe(4);
  });
  it('never retries once the transaction began, nor any other failure', () => {
    let tries = 0;
    const began = () => {
      tries++;
      throw busy();
    };
    expect(() => retryBusyBegin(began, () => true)).toThrow('database is locked');
    expect(tries).toBe(1);
    expect(() =>
      retryBusyBegin(
        () => {
          tries++;
          throw Object.assign(new Error('full'), { code: 'SQLITE_FULL' });
        },
        () => false,
      ),
    ).toThrow('full');
    expect(tries).toBe(2);
  });
  it('gives up when the time is up', () => {
    const t0 = performance.now();
    expect(() =>
      retryBusyBegin(
        () => {
          throw busy();
        },
        () => false,
        60,
      ),
    ).toThrow('database is locked');
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
