/** R3 child: makes verified online backups of a workspace in a loop, printing "BACKUP <id>" after each one returned. */
import { WorkspaceManager } from '../../../electron/store/workspaces';
import { backupFolder, createBackup } from '../../../electron/store/backup/backups';

const [dataDir, id] = process.argv.slice(2) as [string, string];
const manager = new WorkspaceManager(dataDir);
const ws = manager.get(id);

async function main(): Promise<void> {
  process.stdout.write('READY\n');
  for (let i = 0; ; i++) {
    // a write between backups, so the copies differ and the WAL is busy
    ws.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('reliability-counter', ?)").run(String(i));
    const b = await createBackup(ws.db, backupFolder(dataDir, id), 'manual', new Date());
    process.stdout.write(`BACKUP ${b.id}\n`);
  }
}
main().catch((err: unknown) => {
  process.stderr.write(String(err) + '\n');
  process.exit(3);
});
