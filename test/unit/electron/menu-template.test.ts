import { describe, it, expect } from 'vitest';
import { MENU_COMMANDS } from '../../../core/workspace/menu';
import { buildMenuTemplate, type MenuItem } from '../../../electron/main/policy/menu-template';
import { CHANNELS } from '../../../core/contract/index';

const flatten = (items: MenuItem[]): MenuItem[] => items.flatMap((i) => ('submenu' in i ? [i, ...flatten(i.submenu)] : [i]));

describe('native menu', () => {
  for (const isMac of [false, true]) {
    it(`has File, Edit, View, Help with unique accelerators (${isMac ? 'macOS' : 'Windows/Linux'})`, () => {
      const sent: string[] = [];
      let about = 0;
      const tpl = buildMenuTemplate(
        { isMac, isDev: false, appName: 'Agent Readiness' },
        { send: (c) => sent.push(c), showAbout: () => about++ },
      );
      const top = tpl.map((i) => ('label' in i ? i.label : ''));
      expect(top).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Help']));
      const all = flatten(tpl);
      const accels = all.flatMap((i) => ('accelerator' in i && i.accelerator ? [i.accelerator] : []));
      expect(new Set(accels).size).toBe(accels.length);
      for (const i of all) if ('click' in i) i.click();
      expect(sent.sort()).toEqual([...MENU_COMMANDS].sort());
      expect(about).toBe(isMac ? 0 : 1);
      expect(all.some((i) => 'role' in i && i.role === 'toggleDevTools')).toBe(false);
      expect(all.some((i) => 'role' in i && (i.role === 'quit' || i.role === 'close'))).toBe(true);
    });
  }

  it('DevTools only in development', () => {
    const tpl = buildMenuTemplate({ isMac: false, isDev: true, appName: 'x' }, { send: () => undefined, showAbout: () => undefined });
    expect(flatten(tpl).some((i) => 'role' in i && i.role === 'toggleDevTools')).toBe(true);
  });

  it('menu command names never collide with contract channels', () => {
    for (const c of MENU_COMMANDS) expect((CHANNELS as readonly string[]).includes(c)).toBe(false);
  });
});
