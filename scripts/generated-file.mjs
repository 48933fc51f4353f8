// Writes a generated file, or with --check fails when the committed one differs: what is
// generated from schemas/ cannot drift from them.
import fs from 'node:fs';
import path from 'node:path';

export function writeOrCheck(root, out, text, what) {
  const rel = path.relative(root, out);
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
    if (current !== text) {
      console.error(`${rel} is out of date with schemas/: run \`npm run gen:types\`.`);
      process.exit(1);
    }
    console.log(`${what} match schemas`);
  } else {
    fs.writeFileSync(out, text);
    console.log(`wrote ${rel} (${Math.round(text.length / 1024)} KB)`);
  }
}
