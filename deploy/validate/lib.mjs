// Shared by validate.mjs and policy.mjs: which files to read, how to read them, and how to
// report a problem so that it names the file (and line), the object and the field.
//
// Files: the ones given on the command line, or by default every *.yaml / *.yml under deploy/
// (except the validators' own test fixtures, deploy/validate/testdata/) plus the repo root's
// buf*.yaml. Each file may hold several YAML documents; every one must parse.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = path.join(REPO, 'deploy', 'validate', 'testdata');

function yamlFilesUnder(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== FIXTURES && entry.name !== 'node_modules') out.push(...yamlFilesUnder(full));
    } else if (/\.ya?ml$/.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}

/** The files to check: argv's, or the default set. Paths are returned relative to the repo. */
export function filesToCheck(argv) {
  const files = argv.length > 0
    ? argv.map((f) => path.resolve(f))
    : [
        ...yamlFilesUnder(path.join(REPO, 'deploy')),
        ...fs.readdirSync(REPO).filter((f) => /^buf.*\.ya?ml$/.test(f)).map((f) => path.join(REPO, f)),
      ];
  return files.sort().map((f) => path.relative(REPO, f) || f);
}

/** A compose file by name: compose.yaml, docker-compose.yml, compose-*.yaml, ... */
export function isComposeFile(file) {
  return /^(docker-)?compose([-.][^/]*)?\.ya?ml$/.test(path.basename(file));
}

/**
 * Reads one file. Returns { file, docs: [{ value, doc, lineCounter }], problems }. YAML merge
 * keys (`<<: *anchor`, used by compose files) are applied; duplicate keys are errors.
 */
export function loadFile(file) {
  const problems = [];
  let text;
  try {
    text = fs.readFileSync(path.resolve(REPO, file), 'utf8');
  } catch (e) {
    return { file, docs: [], problems: [{ file, message: `cannot read: ${e.message}` }] };
  }
  const lineCounter = new YAML.LineCounter();
  const docs = [];
  for (const doc of YAML.parseAllDocuments(text, { merge: true, lineCounter, prettyErrors: false })) {
    if (doc.errors.length > 0) {
      const seen = new Set();
      for (const e of doc.errors) {
        const line = e.pos ? lineCounter.linePos(e.pos[0]).line : undefined;
        const message = `YAML does not parse: ${e.message.split('\n')[0]}`;
        if (!seen.has(`${line}|${message}`)) problems.push({ file, line, message });
        seen.add(`${line}|${message}`);
      }
      continue;
    }
    const value = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) continue; // an empty document (e.g. a trailing ---)
    docs.push({ value, doc, lineCounter });
  }
  return { file, docs, problems };
}

/** "Kind/name" of a Kubernetes object. */
export function objectName(obj) {
  return `${obj?.kind ?? '<no kind>'}/${obj?.metadata?.name ?? '<no name>'}`;
}

/**
 * A field path, as an array of keys and indices, rendered for people:
 * ['spec', 'containers', 0, 'image'] -> "spec.containers[name=ingestion].image" when the
 * element has a name, "spec.containers[0].image" when it has none.
 */
export function fieldName(root, pathArray) {
  let out = '';
  let node = root;
  for (const key of pathArray) {
    if (typeof key === 'number' || /^\d+$/.test(key)) {
      const element = Array.isArray(node) ? node[Number(key)] : undefined;
      const name = element && typeof element === 'object' ? element.name : undefined;
      out += typeof name === 'string' ? `[name=${name}]` : `[${key}]`;
      node = element;
    } else {
      out += out === '' ? key : `.${key}`;
      node = node && typeof node === 'object' ? node[key] : undefined;
    }
  }
  return out;
}

/** The line of the deepest node along pathArray that exists in the YAML document. */
export function lineOf(entry, pathArray) {
  for (let p = pathArray.map((k) => (/^\d+$/.test(k) ? Number(k) : k)); ; p = p.slice(0, -1)) {
    const node = p.length === 0 ? entry.doc.contents : entry.doc.getIn(p, true);
    if (node && node.range) return entry.lineCounter.linePos(node.range[0]).line;
    if (p.length === 0) return undefined;
  }
}

/** A problem found in one object: names the file, line, object and field. */
export function problemAt(file, entry, objectLabel, pathArray, message) {
  return {
    file,
    line: lineOf(entry, pathArray),
    object: objectLabel,
    field: fieldName(entry.value, pathArray),
    message,
  };
}

export function formatProblem(p) {
  const where = p.line ? `${p.file}:${p.line}` : p.file;
  return [where, p.object, p.field, p.message].filter((s) => s !== undefined && s !== '').join(': ');
}

/** Prints the problems and a summary; returns the exit code. */
export function report(tool, problems, summary) {
  for (const p of problems) console.error(formatProblem(p));
  const verdict = problems.length === 0 ? 'ok' : `${problems.length} problem(s)`;
  console.log(`${tool}: ${summary}: ${verdict}`);
  return problems.length === 0 ? 0 : 1;
}
