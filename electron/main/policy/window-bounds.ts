import { z } from 'zod';

/**
 * The window remembers its size and place in `<userData>/window-state.json`. That file is
 * untrusted input (hand-edited, from another machine, from a monitor that is gone): it is parsed
 * with zod and then fitted onto the displays that exist now.
 */
export type Rect = { x: number; y: number; width: number; height: number };
export type WindowState = { bounds: Rect; maximized: boolean };

export const MIN_WIDTH = 800;
export const MIN_HEIGHT = 560;
export const DEFAULT_WIDTH = 1280;
export const DEFAULT_HEIGHT = 820;
/** How much of the window (each way, in px) must be visible on a display before we keep it there. */
const MIN_VISIBLE = 120;

const int = z.number().int().min(-100_000).max(100_000);
export const WindowStateFile = z.object({
  bounds: z.object({ x: int, y: int, width: int.min(1), height: int.min(1) }),
  maximized: z.boolean().default(false),
});

const intersectArea = (a: Rect, b: Rect): { w: number; h: number } => ({
  w: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
  h: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
});

function centred(area: Rect, width: number, height: number): Rect {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return { x: area.x + Math.round((area.width - w) / 2), y: area.y + Math.round((area.height - h) / 2), width: w, height: h };
}

/**
 * Turns whatever was saved into bounds that are on screen now.
 * @param saved   parsed JSON from the state file (anything; invalid input gives the defaults)
 * @param displays work areas of the current displays; the first one is the primary display
 */
export function sanitizeWindowState(saved: unknown, displays: readonly Rect[]): WindowState {
  const primary: Rect = displays[0] ?? { x: 0, y: 0, width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT };
  const fallback: WindowState = { bounds: centred(primary, DEFAULT_WIDTH, DEFAULT_HEIGHT), maximized: false };
  const parsed = WindowStateFile.safeParse(saved);
  if (!parsed.success) return fallback;
  const { bounds, maximized } = parsed.data;

  // Size: at least the minimum, at most the largest display.
  const maxW = Math.max(...displays.map((d) => d.width), MIN_WIDTH);
  const maxH = Math.max(...displays.map((d) => d.height), MIN_HEIGHT);
  const width = Math.min(Math.max(bounds.width, MIN_WIDTH), maxW);
  const height = Math.min(Math.max(bounds.height, MIN_HEIGHT), maxH);
  const sized: Rect = { x: bounds.x, y: bounds.y, width, height };

  // Position: the display that shows most of the window. If no display shows a usable part of it
  // (monitor unplugged, coordinates from another machine), start centred on the primary display.
  let best: { display: Rect; area: number } | null = null;
  for (const display of displays) {
    const { w, h } = intersectArea(sized, display);
    if (w >= MIN_VISIBLE && h >= MIN_VISIBLE && w * h > (best?.area ?? 0)) best = { display, area: w * h };
  }
  if (!best) return { bounds: centred(primary, width, height), maximized };

  // Pull the window fully inside the display it mostly sits on.
  const d = best.display;
  const w = Math.min(width, d.width);
  const h = Math.min(height, d.height);
  const x = Math.min(Math.max(sized.x, d.x), d.x + d.width - w);
  const y = Math.min(Math.max(sized.y, d.y), d.y + d.height - h);
  return { bounds: { x, y, width: w, height: h }, maximized };
}
