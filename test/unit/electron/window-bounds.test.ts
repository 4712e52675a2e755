import { describe, it, expect } from 'vitest';
import { sanitizeWindowState, MIN_WIDTH, MIN_HEIGHT, DEFAULT_WIDTH, type Rect } from '../../../electron/main/policy/window-bounds';

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 875 };
const external: Rect = { x: 1440, y: -200, width: 2560, height: 1400 };

const onScreen = (b: Rect, displays: Rect[]) =>
  displays.some((d) => b.x >= d.x && b.y >= d.y && b.x + b.width <= d.x + d.width && b.y + b.height <= d.y + d.height);

describe('window bounds sanitiser', () => {
  it('keeps valid saved bounds', () => {
    const s = sanitizeWindowState({ bounds: { x: 100, y: 50, width: 1000, height: 700 }, maximized: true }, [laptop]);
    expect(s).toEqual({ bounds: { x: 100, y: 50, width: 1000, height: 700 }, maximized: true });
  });

  it.each([
    null,
    undefined,
    'garbage',
    42,
    [],
    {},
    { bounds: null },
    { bounds: { x: 'a', y: 0, width: 1, height: 1 } },
    { bounds: { x: 0, y: 0, width: Number.NaN, height: 600 } },
    { bounds: { x: 0, y: 0, width: 1e12, height: 600 } },
    { bounds: { x: 0.5, y: 0, width: 900, height: 600 } },
    { bounds: { x: 0, y: 0, width: -5, height: 600 } },
    JSON.parse('{"__proto__":{"bounds":{"x":0,"y":0,"width":900,"height":600}}}'),
  ])('falls back to centred defaults for invalid input %#', (saved) => {
    const s = sanitizeWindowState(saved, [laptop]);
    expect(s.maximized).toBe(false);
    expect(s.bounds.width).toBe(Math.min(DEFAULT_WIDTH, laptop.width));
    expect(onScreen(s.bounds, [laptop])).toBe(true);
  });

  it('moves a window from a monitor that is gone back onto the primary display', () => {
    const s = sanitizeWindowState({ bounds: { x: 3000, y: 100, width: 1200, height: 800 }, maximized: false }, [laptop]);
    expect(onScreen(s.bounds, [laptop])).toBe(true);
  });

  it('recovers a window whose title bar is above the top of every display', () => {
    const s = sanitizeWindowState({ bounds: { x: 100, y: -2000, width: 1000, height: 700 } }, [laptop]);
    expect(onScreen(s.bounds, [laptop])).toBe(true);
  });

  it('keeps a window on a secondary display, pulled fully inside it', () => {
    const s = sanitizeWindowState({ bounds: { x: 1500, y: -250, width: 1600, height: 1000 } }, [laptop, external]);
    expect(onScreen(s.bounds, [external])).toBe(true);
    expect(s.bounds.width).toBe(1600);
  });

  it('enforces the minimum size and shrinks oversize windows to the largest display', () => {
    expect(sanitizeWindowState({ bounds: { x: 10, y: 10, width: 100, height: 100 } }, [laptop]).bounds).toMatchObject({
      width: MIN_WIDTH,
      height: MIN_HEIGHT,
    });
    const big = sanitizeWindowState({ bounds: { x: 0, y: 0, width: 9000, height: 9000 } }, [laptop]).bounds;
    expect(onScreen(big, [laptop])).toBe(true);
  });

  it('works with no display information', () => {
    const s = sanitizeWindowState({ bounds: { x: 5, y: 5, width: 900, height: 600 } }, []);
    expect(s.bounds.width).toBeGreaterThanOrEqual(MIN_WIDTH);
  });

  it('fuzz: whatever is saved, the result is on some display', () => {
    const displays = [laptop, external];
    let seed = 12345;
    const rnd = (lo: number, hi: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return lo + Math.floor((seed / 2 ** 31) * (hi - lo));
    };
    for (let i = 0; i < 2000; i++) {
      const s = sanitizeWindowState(
        { bounds: { x: rnd(-9000, 9000), y: rnd(-9000, 9000), width: rnd(1, 6000), height: rnd(1, 4000) } },
        displays,
      );
      expect(onScreen(s.bounds, displays)).toBe(true);
    }
  });
});
