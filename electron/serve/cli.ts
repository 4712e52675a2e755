import { parseArgs, type ParseArgsConfig } from 'node:util';
import { COMMANDS, HELP, type Command } from './cli-commands';
import { APP_VERSION } from '../services/version';
import { CliError, EXIT } from './cli-workspace';

/**
 * `agent-readiness`: reports, exports, imports, a readiness gate for CI, and backups, from the
 * same services the app uses. Output goes to stdout; errors go to stderr; exit codes are in
 * electron/serve/README.md.
 */
async function main(argv: string[]): Promise<number> {
  // "activity import", "team invite" and the like are two-word commands
  const sub = (argv[0] === 'activity' || argv[0] === 'team') && argv[1] !== undefined && !argv[1].startsWith('-');
  // "team admin create" is three words
  const three = sub && argv[0] === 'team' && argv[1] === 'admin' && argv[2] !== undefined && !argv[2].startsWith('-');
  const [name, ...rest] = three ? [`team-admin-${argv[2]}`, ...argv.slice(3)] : sub ? [`${argv[0]}-${argv[1]}`, ...argv.slice(2)] : argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    process.stdout.write(topic && topic in HELP ? HELP[topic as Command] : HELP.main);
    return EXIT.OK;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`agent-readiness ${APP_VERSION}\n`);
    return EXIT.OK;
  }
  if (!(name in COMMANDS)) throw new CliError(`Unknown command "${name.slice(0, 40)}". Run agent-readiness --help.`, EXIT.USAGE);
  const cmd = COMMANDS[name as Command];
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: { ...cmd.options, actor: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as ParseArgsConfig['options'],
      strict: true,
      allowPositionals: cmd.positionals === true,
    }));
  } catch (err) {
    throw new CliError(`${(err as Error).message}\nRun agent-readiness ${name} --help.`, EXIT.USAGE);
  }
  if (values.help) {
    process.stdout.write(HELP[name as Command]);
    return EXIT.OK;
  }
  return cmd.run(values, positionals);
}

main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err: unknown) => {
    if (err instanceof CliError) {
      process.stderr.write(`agent-readiness: ${err.message}\n`);
      process.exitCode = err.code;
    } else {
      process.stderr.write(`agent-readiness: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = EXIT.INTERNAL;
    }
  });
