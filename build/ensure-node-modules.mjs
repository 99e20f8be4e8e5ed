// Installs the pinned npm tools (solc, OpenZeppelin, anvil/forge/cast) with `npm ci` when node_modules is
// missing or older than package-lock.json. Several MSBuild projects may call this at once during a parallel
// build, so installs are serialised with an atomic lock directory and the freshness check is repeated under it.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? process.cwd();
const lockFile = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.interop-stamp');
const lockDir = join(root, '.npm-install.lock');

const fresh = () => existsSync(stamp) && statSync(stamp).mtimeMs >= statSync(lockFile).mtimeMs;
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

if (fresh()) process.exit(0);

const deadline = Date.now() + 10 * 60 * 1000;
for (;;) {
  try { mkdirSync(lockDir); break; } catch (e) {
    if (e.code !== 'EEXIST') throw e;
    // A lock older than 10 minutes belongs to a build that died: take it over.
    if (Date.now() - statSync(lockDir).mtimeMs > 10 * 60 * 1000) { rmSync(lockDir, { recursive: true, force: true }); continue; }
    if (Date.now() > deadline) { console.error('ensure-node-modules: timed out waiting for another npm install'); process.exit(1); }
    sleep(500);
  }
}
try {
  if (!fresh()) {
    console.log('ensure-node-modules: running npm ci in ' + root);
    execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
    writeFileSync(stamp, new Date().toISOString() + '\n');
  }
} finally {
  rmSync(lockDir, { recursive: true, force: true });
}
