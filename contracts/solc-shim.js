#!/usr/bin/env node
// Stand-in for a native solc binary so forge can compile offline through solcjs (npm `solc`).
// Supports `--version` and `--standard-json` (input on stdin, output on stdout); other flags forge passes
// (--base-path, --allow-paths, --include-path) are honoured as extra import roots.
'use strict';
const fs = require('fs');
const path = require('path');

const contractsDir = __dirname;
const repoRoot = path.resolve(contractsDir, '..');
const solc = require(path.join(repoRoot, 'node_modules', 'solc'));

const args = process.argv.slice(2);

if (args.includes('--version')) {
  const v = solc.version().replace('.Emscripten.clang', '.Linux.g++');
  process.stdout.write('solc, the solidity compiler commandline interface\nVersion: ' + v + '\n');
  process.exit(0);
}

if (!args.includes('--standard-json')) {
  process.stderr.write('solc-shim: only --version and --standard-json are supported\n');
  process.exit(1);
}

const roots = [process.cwd(), contractsDir, repoRoot, path.join(repoRoot, 'node_modules')];
for (let i = 0; i < args.length; i++) {
  if (['--base-path', '--include-path', '--allow-paths'].includes(args[i]) && args[i + 1]) {
    for (const p of args[i + 1].split(',')) if (p) roots.unshift(path.resolve(p));
    i++;
  }
}

function findImports(importPath) {
  const candidates = path.isAbsolute(importPath) ? [importPath] : roots.map((r) => path.join(r, importPath));
  for (const c of candidates) {
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return { contents: fs.readFileSync(c, 'utf8') };
  }
  return { error: 'File not found: ' + importPath };
}

const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  const input = Buffer.concat(chunks).toString('utf8');
  const output = solc.compile(input, { import: findImports });
  process.stdout.write(output);
});
