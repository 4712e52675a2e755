import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServiceContext } from '../services/context';
import { defaultDataDir } from './data-dir';
import { startBridge } from './http-bridge';

const HELP = `Usage: npm run serve [-- --data DIR] [--port N]

Starts Agent Readiness in browser mode on 127.0.0.1 and prints the URL to open.
  --data DIR   workspace folder (default: the OS app-data folder, or $AGENT_READINESS_DATA)
  --port N     port to listen on (default: a free port)
`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const dataDir = resolve(values.data ?? defaultDataDir());
  const port = values.port ? Number(values.port) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a number between 0 and 65535, got "${values.port}"\n`);
    process.exit(2);
  }
  const here = dirname(fileURLToPath(import.meta.url));
  // dist/serve/serve.mjs: the live-fire child scripts are bundled beside it, in dist/live-fire/.
  const ctx = createServiceContext({ dataDir, mode: 'browser', liveFireDist: resolve(here, '..') });
  const bridge = await startBridge({ ctx, staticDir: resolve(here, '../renderer'), port });
  process.stdout.write(`Agent Readiness (browser mode)\n  data: ${dataDir}\n  open: ${bridge.url}\nAGENT_READINESS_URL=${bridge.url}\n`);
  // Stop accepting requests first, then close the databases (every commit is already durable).
  const stop = () => {
    void bridge.close().then(() => {
      ctx.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`Could not start browser mode: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
