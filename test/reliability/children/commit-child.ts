/** R4 child: N single-row commits through the app's open path (run under strace to count fsyncs). */
import { openDatabase } from '../../../electron/store/database';

const [file, n] = process.argv.slice(2) as [string, string];
const db = openDatabase(file);
const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
process.stdout.write('START\n');
for (let i = 0; i < Number(n); i++) put.run(`commit-${i}`, String(i));
db.close();
process.stdout.write('DONE\n');
