// Builds the web app when web/dist is missing or older than its sources, so `npm start`
// always serves the UI that matches the checkout.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const web = join(import.meta.dirname, '..', 'web');
const built = join(web, 'dist', 'index.html');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((f) => join(web, f)).filter(existsSync);
if (!existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs) {
  process.stderr.write('Building the web app…\n');
  execFileSync('npm', ['run', '-s', 'build', '-w', 'web'], { stdio: 'inherit' });
}
