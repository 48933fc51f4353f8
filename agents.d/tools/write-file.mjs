// Writes standard input to the file named by the first argument (creating its folder) and
// prints {path, bytes}. Writes to a temp file then renames, so a reader never sees half a report.
import fs from 'node:fs';
import path from 'node:path';

const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: write-file.mjs PATH < content\n');
  process.exit(2);
}
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const data = Buffer.concat(chunks);
fs.mkdirSync(path.dirname(target), { recursive: true });
const tmp = `${target}.${process.pid}.tmp`;
fs.writeFileSync(tmp, data);
fs.renameSync(tmp, target);
process.stdout.write(JSON.stringify({ path: target, bytes: data.length }));
