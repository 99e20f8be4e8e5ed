#!/usr/bin/env node
// Compiles contracts/src/**/*.sol with the pinned solcjs (no network) into one JSON file per contract:
// { contractName, sourceName, abi, bytecode, deployedBytecode, methodIdentifiers }.
// Usage: node compile.mjs <outDir>
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const require = createRequire(join(repo, 'package.json'));
const solc = require('solc');

const outDir = resolve(process.argv[2] ?? join(here, 'artifacts'));
const srcDir = join(here, 'src');

const walk = (dir) => readdirSync(dir).flatMap((name) => {
  const full = join(dir, name);
  return statSync(full).isDirectory() ? walk(full) : name.endsWith('.sol') ? [full] : [];
});

const sources = {};
for (const file of existsSync(srcDir) ? walk(srcDir) : []) sources['src/' + relative(srcDir, file).split('\\').join('/')] = { content: readFileSync(file, 'utf8') };

// Read the compiler settings from foundry.toml's default profile so forge tests and the node deploy identical code.
const toml = existsSync(join(here, 'foundry.toml')) ? readFileSync(join(here, 'foundry.toml'), 'utf8').split(/\n\[/)[0] : '';
const setting = (key, fallback) => {
  const m = toml.match(new RegExp(`^\\s*${key}\\s*=\\s*"?([^"\\n#]+)"?`, 'm'));
  return m ? m[1].trim() : fallback;
};
const optimizer = setting('optimizer', 'true') === 'true';
const runs = Number(setting('optimizer_runs', '200'));
const viaIR = setting('via_ir', 'false') === 'true';
const evmVersion = setting('evm_version', 'cancun');

if (Object.keys(sources).length === 0) {
  console.log(`no Solidity sources under ${srcDir}: nothing to compile`);
  mkdirSync(outDir, { recursive: true });
  process.exit(0);
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: optimizer, runs },
    viaIR,
    evmVersion,
    remappings: ['@openzeppelin/=node_modules/@openzeppelin/'],
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.methodIdentifiers'] } },
  },
};

const findImports = (path) => {
  for (const candidate of [join(repo, path), join(here, path), join(repo, 'node_modules', path)]) {
    if (existsSync(candidate)) return { contents: readFileSync(candidate, 'utf8') };
  }
  return { error: `import not found: ${path}` };
};

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
for (const e of output.errors ?? []) if (e.severity !== 'error') process.stderr.write(`solc warning: ${e.formattedMessage}\n`);
if (errors.length) {
  for (const e of errors) process.stderr.write(`${e.formattedMessage}\n`);
  process.exit(1);
}

mkdirSync(outDir, { recursive: true });
let count = 0;
for (const [sourceName, contracts] of Object.entries(output.contracts ?? {})) {
  for (const [contractName, c] of Object.entries(contracts)) {
    const bytecode = c.evm?.bytecode?.object ?? '';
    // Interfaces and abstract contracts have nothing to deploy; OpenZeppelin's libraries are not ours to ship.
    if (!bytecode || !sourceName.startsWith('src/')) continue;
    const artifact = {
      contractName, sourceName, abi: c.abi,
      bytecode: '0x' + bytecode, deployedBytecode: '0x' + c.evm.deployedBytecode.object,
      methodIdentifiers: c.evm.methodIdentifiers,
    };
    writeFileSync(join(outDir, `${contractName}.json`), JSON.stringify(artifact, null, 1));
    count++;
  }
}
console.log(`compiled ${count} contracts with solc ${solc.version()} into ${outDir}`);
