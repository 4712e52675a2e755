/**
 * R2 child: opens a workspace database that is at an older schema version, so the real open path
 * takes a pre-migration backup and runs every pending migration in one transaction. Each step is
 * wrapped to print "STEP <version>" and hold for AR_STEP_MS so the parent's SIGKILL can land
 * before, during or after any step.
 */
import { openDatabase } from '../../../electron/store/database';
import { MIGRATIONS } from '../../../electron/store/migrations/index';
import { createBackupSync } from '../../../electron/store/backup/backups';

const [file, backupDir] = process.argv.slice(2) as [string, string];
const stepMs = Number(process.env.AR_STEP_MS ?? 10);
const hold = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const wrapped = MIGRATIONS.map((m) => ({
  ...m,
  up: (db: Parameters<typeof m.up>[0]) => {
    process.stdout.write(`STEP ${m.version}\n`);
    hold(stepMs);
    m.up(db);
    hold(stepMs);
  },
}));
process.stdout.write('READY\n');
const db = openDatabase(file, {
  migrations: wrapped,
  beforeMigrate: (d) => {
    createBackupSync(d, backupDir, 'pre-migration', new Date());
    process.stdout.write('BACKED-UP\n');
  },
});
process.stdout.write(`DONE ${db.pragma('user_version', { simple: true }) as number}\n`);
hold(40); // stay alive a moment after the commit, so some kills land after it
db.close();
