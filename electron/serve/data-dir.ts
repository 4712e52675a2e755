import { homedir } from 'node:os';
import { join } from 'node:path';

export const DATA_DIR_ENV = 'AGENT_READINESS_DATA';

/** The OS app-data folder, as Electron's app.getPath('userData') would give for this app. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env[DATA_DIR_ENV]) return env[DATA_DIR_ENV];
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Agent Readiness');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Agent Readiness');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Agent Readiness');
}
