// Tests the validators themselves.
//
//   node deploy/validate/selftest.mjs
//
// A check that never fails proves nothing, so:
//  - every fixture in testdata/bad/ (each broken in one way, first line `# expect: <text>`) must
//    make validate.mjs or policy.mjs fail, with <text> in a message that names the fixture;
//  - the fixtures in testdata/good/ (what the bad ones were made from) and the real manifests
//    (the default file set) must pass both;
//  - deploy/k8s/configmaps.yaml must be up to date (gen_configmaps.py --check), and read by the
//    Node YAML parser, every ConfigMap value must equal its file under data/ byte for byte (the
//    generator checks the same with PyYAML; kubectl uses a third parser, so two are compared).
//
// Prints "ok"/"not ok" per case and ends with "N passed, N failed"; exit status 1 on a failure.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { REPO } from './lib.mjs';

const HERE = path.join(REPO, 'deploy', 'validate');
const rel = (f) => path.relative(REPO, f);

function run(command, args) {
  const r = spawnSync(command, args, { cwd: REPO, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}` };
}

const node = (script, files) => run(process.execPath, [path.join(HERE, script), ...files]);

const results = [];
function test(name, fn) {
  try {
    fn();
    results.push(true);
    console.log(`ok - ${name}`);
  } catch (e) {
    results.push(false);
    console.log(`not ok - ${name}\n${String(e.message).replace(/^/gm, '    ')}`);
  }
}

function passesBoth(files) {
  for (const script of ['validate.mjs', 'policy.mjs']) {
    const r = node(script, files);
    if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status}):\n${r.output}`);
  }
}

const listYaml = (dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(dir, f));

// 1. Bad fixtures fail, for the expected reason.
for (const fixture of listYaml(path.join(HERE, 'testdata', 'bad'))) {
  test(`rejects ${rel(fixture)}`, () => {
    const expect = fs.readFileSync(fixture, 'utf8').split('\n')[0].match(/^# expect: (.+)$/)?.[1]?.trim();
    if (!expect) throw new Error('first line must be "# expect: <substring of the expected error>"');
    const outcomes = ['validate.mjs', 'policy.mjs'].map((s) => node(s, [rel(fixture)]));
    if (outcomes.every((r) => r.status === 0)) throw new Error('both validate.mjs and policy.mjs passed it');
    const lines = outcomes.flatMap((r) => r.output.split('\n'));
    if (!lines.some((l) => l.includes(expect) && l.startsWith(rel(fixture)))) {
      throw new Error(`no message naming the file contains "${expect}"; got:\n${lines.filter(Boolean).join('\n')}`);
    }
  });
}

// 2. Good fixtures and the real manifests pass.
for (const fixture of listYaml(path.join(HERE, 'testdata', 'good'))) {
  test(`accepts ${rel(fixture)}`, () => passesBoth([rel(fixture)]));
}
test('accepts the real manifests (deploy/**/*.yaml, buf*.yaml)', () => passesBoth([]));

// 3. The generated ConfigMaps.
test('deploy/k8s/configmaps.yaml is up to date (gen_configmaps.py --check)', () => {
  const r = run('python3', ['deploy/k8s/gen_configmaps.py', '--check']);
  if (r.status !== 0) throw new Error(r.output);
});
test('deploy/k8s/configmaps.yaml reads back as the data/ files, byte for byte (npm yaml)', () => {
  const r = run('python3', ['deploy/k8s/gen_configmaps.py', '--sources']);
  if (r.status !== 0) throw new Error(r.output);
  const sources = JSON.parse(r.output);
  const text = fs.readFileSync(path.join(REPO, 'deploy', 'k8s', 'configmaps.yaml'), 'utf8');
  const configmaps = new Map(YAML.parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean)
    .map((cm) => [cm.metadata.name, cm.data ?? {}]));
  const wrong = [];
  for (const [name, keys] of Object.entries(sources)) {
    for (const [key, file] of Object.entries(keys)) {
      const want = fs.readFileSync(path.join(REPO, file));
      const have = configmaps.get(name)?.[key];
      if (have === undefined || !Buffer.from(have, 'utf8').equals(want)) wrong.push(`${name}/${key} != ${file}`);
    }
  }
  if (wrong.length > 0) throw new Error(wrong.join('\n'));
});

const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
