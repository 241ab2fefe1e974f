// Browser tests drive Debian's Chromium through playwright-core (never a downloaded browser).
// When it is missing, install it with apt-get if we can, or say exactly how to get it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.LATCHKEY_CHROMIUM ?? '/usr/bin/chromium';

export function ensureChromium() {
  if (existsSync(chromiumPath)) return;
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (canApt) {
    process.stderr.write('Chromium is missing; installing Debian\'s chromium package with apt-get…\n');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  }
  if (!existsSync(chromiumPath)) {
    process.stderr.write(
      `Browser tests need Chromium at ${chromiumPath}.\n` +
        '  Debian/Ubuntu: sudo apt-get install chromium\n' +
        '  Elsewhere: install Chromium and set LATCHKEY_CHROMIUM=/path/to/chromium\n',
    );
    process.exit(1);
  }
}
