/**
 * R5a child: commits N rows with automatic checkpoints off, prints DONE and waits to be killed,
 * so the committed rows exist only in the -wal file.
 */
import { openDatabase } from '../../../electron/store/database';

const [file, n] = process.argv.slice(2) as [string, string];
const db = openDatabase(file);
db.pragma('wal_autocheckpoint = 0');
const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
for (let i = 0; i < Number(n); i++) put.run(`wal-row-${i}`, String(i));
process.stdout.write('DONE\n');
setInterval(() => undefined, 1000);
