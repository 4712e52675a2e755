/**
 * Commands the desktop shell's native menu sends to the UI (File > New Workspace...). Defined once
 * here because three layers speak them: the main process builds the menu, the preload filters what
 * it forwards, and the renderer acts on them.
 */
export const MENU_COMMANDS = ['new-workspace', 'open-workspace', 'show-shortcuts'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
export const isMenuCommand = (v: unknown): v is MenuCommand => typeof v === 'string' && (MENU_COMMANDS as readonly string[]).includes(v);
