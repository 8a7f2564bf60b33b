// Our deployment policy: what schemas do not catch.
//
//   node deploy/validate/policy.mjs [files...]
//
// validate.mjs checks that each object is well-formed; this checks that it is what we want.
// Cross-references (ConfigMaps, headless Services) are looked up among the objects of the
// files checked together: by default every *.yaml under deploy/ except deploy/validate/testdata/.
//
// Kubernetes, for every pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
// CronJob's jobTemplate):
//  - Pod Security "restricted" plus our own rules: the pod runs as a numeric non-root user and
//    group (>= 10000) with fsGroup and a RuntimeDefault/Localhost seccomp profile, no service
//    account token, no host namespaces; every container has allowPrivilegeEscalation: false,
//    readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities.drop [ALL] and nothing
//    added, and a writable emptyDir at /tmp. Volumes only of the types "restricted" allows.
//  - Every key in a securityContext is checked against the allowlist below, because the
//    schemas accept unknown keys: `readOnlyRootFileSystem: true` would otherwise pass and the
//    root filesystem would silently stay writable.
//  - Every container requests cpu and memory and has a memory limit (RocksDB's caches are
//    sized below it); no image is untagged or :latest.
//  - Long-running (server) containers have gRPC readiness and liveness probes, and StatefulSets
//    a startup probe, each with a numeric port that the container declares and that matches
//    its --health_listen; readiness names the gRPC service.
//  - Every volumeMount refers to a volume; every ConfigMap volume to an existing ConfigMap,
//    and each key in its `items` exists there.
//  - StatefulSets: replicas 1 (one RocksDB writer per volume), a volumeClaimTemplate mounted at
//    the container's --data_dir, and serviceName naming a headless Service whose selector
//    matches the pods.
//  - CronJobs: concurrencyPolicy Forbid, startingDeadlineSeconds, timeZone; CronJobs and Jobs:
//    backoffLimit, activeDeadlineSeconds, restartPolicy Never.
//
// Compose, for every service: a numeric non-root user, read_only, cap_drop ALL,
// no-new-privileges, a healthcheck (except services of the "tools" profile), its --data_dir on
// a named volume (mounted at it or at a directory above it), published ports bound to
// 127.0.0.1 only, no :latest image.
//
// Exit status 1 if anything fails; each message names the file (and line), the object and the
// field.

import {
  filesToCheck, isComposeFile, loadFile, objectName, problemAt, report,
} from './lib.mjs';

const MIN_UID = 10000;

// Every field of PodSecurityContext and SecurityContext (and their nested types) in
// Kubernetes 1.34. Anything else is a typo.
const ALLOWED_KEYS = {
  podSecurityContext: ['appArmorProfile', 'fsGroup', 'fsGroupChangePolicy', 'runAsGroup', 'runAsNonRoot',
    'runAsUser', 'seLinuxChangePolicy', 'seLinuxOptions', 'seccompProfile', 'supplementalGroups',
    'supplementalGroupsPolicy', 'sysctls', 'windowsOptions'],
  securityContext: ['allowPrivilegeEscalation', 'appArmorProfile', 'capabilities', 'privileged', 'procMount',
    'readOnlyRootFilesystem', 'runAsGroup', 'runAsNonRoot', 'runAsUser', 'seLinuxOptions', 'seccompProfile',
    'windowsOptions'],
  capabilities: ['add', 'drop'],
  seccompProfile: ['type', 'localhostProfile'],
  appArmorProfile: ['type', 'localhostProfile'],
  seLinuxOptions: ['level', 'role', 'type', 'user'],
  windowsOptions: ['gmsaCredentialSpec', 'gmsaCredentialSpecName', 'hostProcess', 'runAsUserName'],
  sysctls: ['name', 'value'],
};

// Volume types Pod Security "restricted" allows.
const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral',
  'persistentVolumeClaim', 'projected', 'secret'];

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v) => Number.isInteger(v);

/** "--name=value" from a container's command+args (or a compose service's entrypoint+command). */
function flagValue(argv, name) {
  const prefix = `--${name}=`;
  const arg = argv.find((a) => typeof a === 'string' && a.startsWith(prefix));
  return arg === undefined ? undefined : arg.slice(prefix.length);
}

const asList = (v) => (Array.isArray(v) ? v : typeof v === 'string' ? v.split(/\s+/) : []);

// ---------------------------------------------------------------------------------------------
// Kubernetes

/** The pod template of a workload: [path to it, kind of workload], or undefined. */
function podTemplatePath(obj) {
  switch (obj.kind) {
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job':
      return ['spec', 'template'];
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template'];
    default:
      return undefined;
  }
}

const SERVER_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

function get(obj, pathArray) {
  return pathArray.reduce((node, key) => (node == null ? undefined : node[key]), obj);
}

class KubernetesPolicy {
  constructor(objects) {
    this.objects = objects; // [{ file, entry, obj }]
    this.problems = [];
  }

  find(kind, name) {
    return this.objects.find(({ obj }) => obj.kind === kind && obj.metadata?.name === name);
  }

  run() {
    for (const o of this.objects) {
      const templatePath = podTemplatePath(o.obj);
      if (templatePath) this.checkPodTemplate(o, templatePath);
      if (o.obj.kind === 'StatefulSet') this.checkStatefulSet(o, templatePath);
      if (o.obj.kind === 'CronJob') this.checkCronJob(o);
      if (o.obj.kind === 'Job') this.checkJobSpec(o, ['spec']);
    }
    return this.problems;
  }

  fail({ file, entry, obj }, pathArray, message) {
    this.problems.push(problemAt(file, entry, objectName(obj), pathArray, message));
  }

  checkKeys(o, value, pathArray, allowedKey) {
    if (!isObject(value)) return;
    for (const [key, sub] of Object.entries(value)) {
      if (!ALLOWED_KEYS[allowedKey].includes(key)) {
        this.fail(o, [...pathArray, key], `unknown key in ${allowedKey} (allowed: ${ALLOWED_KEYS[allowedKey].join(', ')})`);
      } else if (ALLOWED_KEYS[key] && key !== allowedKey) {
        if (Array.isArray(sub)) sub.forEach((s, i) => this.checkKeys(o, s, [...pathArray, key, i], key));
        else this.checkKeys(o, sub, [...pathArray, key], key);
      }
    }
  }

  checkPodTemplate(o, templatePath) {
    const specPath = [...templatePath, 'spec'];
    const spec = get(o.obj, specPath) ?? {};
    const server = SERVER_KINDS.includes(o.obj.kind);

    // Pod level.
    const sc = spec.securityContext;
    const scPath = [...specPath, 'securityContext'];
    if (!isObject(sc)) {
      this.fail(o, scPath, 'required: runAsNonRoot, runAsUser, runAsGroup, fsGroup, seccompProfile');
    } else {
      this.checkKeys(o, sc, scPath, 'podSecurityContext');
      if (sc.runAsNonRoot !== true) this.fail(o, [...scPath, 'runAsNonRoot'], 'must be true');
      for (const id of ['runAsUser', 'runAsGroup', 'fsGroup']) {
        if (!isInt(sc[id]) || sc[id] < MIN_UID) this.fail(o, [...scPath, id], `must be a number >= ${MIN_UID} (got ${JSON.stringify(sc[id])})`);
      }
      if (!['RuntimeDefault', 'Localhost'].includes(sc.seccompProfile?.type)) {
        this.fail(o, [...scPath, 'seccompProfile', 'type'], 'must be RuntimeDefault (or Localhost)');
      }
    }
    if (spec.automountServiceAccountToken !== false) {
      this.fail(o, [...specPath, 'automountServiceAccountToken'], 'must be false (our pods do not call the Kubernetes API)');
    }
    for (const host of ['hostNetwork', 'hostPID', 'hostIPC']) {
      if (spec[host] === true) this.fail(o, [...specPath, host], 'must not be true (Pod Security restricted)');
    }

    // Volumes.
    const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
    const claimNames = o.obj.kind === 'StatefulSet'
      ? (o.obj.spec?.volumeClaimTemplates ?? []).map((c) => c?.metadata?.name) : [];
    volumes.forEach((v, i) => this.checkVolume(o, v, [...specPath, 'volumes', i]));

    // Containers.
    for (const list of ['initContainers', 'containers']) {
      (Array.isArray(spec[list]) ? spec[list] : []).forEach((c, i) => {
        const cPath = [...specPath, list, i];
        this.checkContainer(o, c, cPath, volumes, claimNames);
        if (server && list === 'containers') this.checkProbes(o, c, cPath);
      });
    }
  }

  checkVolume(o, volume, vPath) {
    const type = Object.keys(volume ?? {}).find((k) => k !== 'name');
    if (!RESTRICTED_VOLUME_TYPES.includes(type)) {
      this.fail(o, [...vPath, type ?? 'name'], `volume type ${type} is not allowed by Pod Security restricted`);
    }
    if (type !== 'configMap') return;
    const cmName = volume.configMap?.name;
    const cm = this.find('ConfigMap', cmName);
    if (!cm) {
      this.fail(o, [...vPath, 'configMap', 'name'], `ConfigMap ${cmName} is not defined in the files checked`);
      return;
    }
    const keys = new Set([...Object.keys(cm.obj.data ?? {}), ...Object.keys(cm.obj.binaryData ?? {})]);
    (volume.configMap.items ?? []).forEach((item, i) => {
      if (!keys.has(String(item?.key))) {
        this.fail(o, [...vPath, 'configMap', 'items', i, 'key'], `key ${item?.key} is not in ConfigMap ${cmName}`);
      }
    });
  }

  checkContainer(o, c, cPath, volumes, claimNames) {
    // Security context.
    const sc = c.securityContext;
    const scPath = [...cPath, 'securityContext'];
    if (!isObject(sc)) {
      this.fail(o, scPath, 'required: allowPrivilegeEscalation, readOnlyRootFilesystem, runAsNonRoot, capabilities.drop');
    } else {
      this.checkKeys(o, sc, scPath, 'securityContext');
      if (sc.allowPrivilegeEscalation !== false) this.fail(o, [...scPath, 'allowPrivilegeEscalation'], 'must be false');
      if (sc.readOnlyRootFilesystem !== true) this.fail(o, [...scPath, 'readOnlyRootFilesystem'], 'must be true');
      if (sc.runAsNonRoot !== true) this.fail(o, [...scPath, 'runAsNonRoot'], 'must be true');
      if (sc.privileged === true) this.fail(o, [...scPath, 'privileged'], 'must not be true');
      for (const id of ['runAsUser', 'runAsGroup']) {
        if (id in sc && (!isInt(sc[id]) || sc[id] < MIN_UID)) this.fail(o, [...scPath, id], `must be a number >= ${MIN_UID} (got ${JSON.stringify(sc[id])})`);
      }
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) this.fail(o, [...scPath, 'capabilities', 'drop'], 'must include ALL');
      if ((sc.capabilities?.add ?? []).length > 0) this.fail(o, [...scPath, 'capabilities', 'add'], 'must be empty');
    }

    // Resources.
    const r = c.resources ?? {};
    for (const [section, name] of [['requests', 'cpu'], ['requests', 'memory'], ['limits', 'memory']]) {
      if (r[section]?.[name] === undefined) this.fail(o, [...cPath, 'resources', section, name], 'required (every container requests cpu and memory and has a memory limit)');
    }

    // Image.
    const image = String(c.image ?? '');
    const tag = image.includes('@') ? 'digest' : (image.match(/:([^/:]+)$/)?.[1]);
    if (!tag) this.fail(o, [...cPath, 'image'], `${image || 'image'} has no tag: pin a version, not :latest`);
    else if (tag === 'latest') this.fail(o, [...cPath, 'image'], `${image}: do not use :latest; pin a version`);

    // Mounts.
    const volumeNames = volumes.map((v) => v?.name);
    const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
    mounts.forEach((m, i) => {
      if (!volumeNames.includes(m?.name) && !claimNames.includes(m?.name)) {
        this.fail(o, [...cPath, 'volumeMounts', i, 'name'], `no volume or volumeClaimTemplate named ${m?.name}`);
      }
    });
    const tmp = mounts.find((m) => m?.mountPath === '/tmp');
    const tmpVolume = volumes.find((v) => v?.name === tmp?.name);
    if (!tmp || !tmpVolume?.emptyDir) this.fail(o, [...cPath, 'volumeMounts'], 'needs an emptyDir mounted at /tmp (the root filesystem is read-only)');
  }

  checkProbes(o, c, cPath) {
    const ports = (c.ports ?? []).map((p) => p?.containerPort);
    const argv = [...asList(c.command), ...asList(c.args)];
    const healthPort = flagValue(argv, 'health_listen')?.split(':').pop();
    const probes = ['readinessProbe', 'livenessProbe'];
    if (o.obj.kind === 'StatefulSet') probes.push('startupProbe');
    for (const probe of probes) {
      const grpc = c[probe]?.grpc;
      const gPath = [...cPath, probe, 'grpc'];
      if (!isObject(grpc)) {
        this.fail(o, gPath, `required: a gRPC ${probe} (grpc.health.v1 on the health port)`);
        continue;
      }
      if (!isInt(grpc.port)) {
        const got = grpc.port === undefined ? 'missing' : `got ${JSON.stringify(grpc.port)}`;
        this.fail(o, [...gPath, 'port'], `must be a port number (${got}; grpc probes do not take named ports)`);
      } else {
        if (!ports.includes(grpc.port)) this.fail(o, [...gPath, 'port'], `${grpc.port} is not one of the container's ports`);
        if (healthPort !== undefined && String(grpc.port) !== healthPort) this.fail(o, [...gPath, 'port'], `${grpc.port} is not the --health_listen port ${healthPort}`);
      }
      if (probe === 'readinessProbe' && !grpc.service) {
        this.fail(o, [...gPath, 'service'], 'must name the gRPC service (readiness is per service; juesuan.liveness is the liveness target)');
      }
    }
  }

  checkStatefulSet(o, templatePath) {
    const spec = o.obj.spec ?? {};
    if (spec.replicas !== 1) {
      this.fail(o, ['spec', 'replicas'], `must be 1 (got ${JSON.stringify(spec.replicas)}): RocksDB has one writer per volume`);
    }
    const claims = Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : [];
    if (claims.length === 0) this.fail(o, ['spec', 'volumeClaimTemplates'], 'required: the data directory must be on a persistent volume');
    const claimNames = claims.map((c) => c?.metadata?.name);
    const containersPath = [...templatePath, 'spec', 'containers'];
    (get(o.obj, containersPath) ?? []).forEach((c, i) => {
      // Without an access policy a server listens on loopback only (and says so): in a pod
      // that reaches nobody, so a server listening beyond loopback needs a mounted policy.
      const argv = [...asList(c.command), ...asList(c.args)];
      const listenHost = flagValue(argv, 'listen')?.split(':')[0];
      if (listenHost !== undefined && !['127.0.0.1', 'localhost', '[', ''].includes(listenHost) &&
          !listenHost.startsWith('127.')) {
        const policy = flagValue(argv, 'access_policy_file');
        const mounted = policy !== undefined && (c.volumeMounts ?? []).some(
          (m) => typeof m?.mountPath === 'string' && policy.startsWith(m.mountPath + '/'));
        if (!mounted) {
          this.fail(o, [...containersPath, i, 'args'],
            `--listen=${flagValue(argv, 'listen')} needs --access_policy_file in a mounted volume (without one the server listens on loopback only)`);
        }
      }
      const dataDir = flagValue([...asList(c.command), ...asList(c.args)], 'data_dir');
      if (dataDir === undefined) return;
      const mount = (c.volumeMounts ?? []).find((m) => m?.mountPath === dataDir);
      if (!mount || !claimNames.includes(mount.name)) {
        this.fail(o, [...containersPath, i, 'volumeMounts'], `--data_dir=${dataDir} must be a mount of a volumeClaimTemplate`);
      }
    });
    const service = this.find('Service', spec.serviceName);
    if (!spec.serviceName) {
      this.fail(o, ['spec', 'serviceName'], 'required: the headless Service that names the pods');
    } else if (!service) {
      this.fail(o, ['spec', 'serviceName'], `no Service ${spec.serviceName} in the files checked`);
    } else if (service.obj.spec?.clusterIP !== 'None') {
      this.problems.push(problemAt(service.file, service.entry, objectName(service.obj), ['spec', 'clusterIP'],
        `must be None: ${objectName(o.obj)} needs a headless Service`));
    } else {
      const labels = get(o.obj, [...templatePath, 'metadata', 'labels']) ?? {};
      const selector = service.obj.spec?.selector ?? {};
      if (Object.keys(selector).length === 0 || Object.entries(selector).some(([k, v]) => labels[k] !== v)) {
        this.problems.push(problemAt(service.file, service.entry, objectName(service.obj), ['spec', 'selector'],
          `does not select the pods of ${objectName(o.obj)}`));
      }
    }
  }

  checkCronJob(o) {
    const spec = o.obj.spec ?? {};
    if (spec.concurrencyPolicy !== 'Forbid') {
      this.fail(o, ['spec', 'concurrencyPolicy'], `must be Forbid (got ${JSON.stringify(spec.concurrencyPolicy)}): runs must not overlap`);
    }
    if (!isInt(spec.startingDeadlineSeconds)) this.fail(o, ['spec', 'startingDeadlineSeconds'], 'required: a missed run must not start at any later time');
    if (!spec.timeZone) this.fail(o, ['spec', 'timeZone'], 'required: the schedule otherwise follows the controller\'s time zone');
    this.checkJobSpec(o, ['spec', 'jobTemplate', 'spec']);
  }

  checkJobSpec(o, jobPath) {
    const job = get(o.obj, jobPath) ?? {};
    if (!isInt(job.backoffLimit)) this.fail(o, [...jobPath, 'backoffLimit'], 'required: bound the retries');
    if (!isInt(job.activeDeadlineSeconds)) this.fail(o, [...jobPath, 'activeDeadlineSeconds'], 'required: bound the run time');
    if (job.template?.spec?.restartPolicy !== 'Never') {
      this.fail(o, [...jobPath, 'template', 'spec', 'restartPolicy'], 'must be Never (each retry a new pod, counted by backoffLimit)');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Compose

function checkCompose(file, entry) {
  const problems = [];
  const compose = entry.value ?? {};
  const namedVolumes = Object.keys(compose.volumes ?? {});
  const fail = (name, pathArray, message) => problems.push(problemAt(file, entry, `service/${name}`, pathArray, message));
  for (const [name, svc] of Object.entries(compose.services ?? {})) {
    const at = (...p) => ['services', name, ...p];
    const user = String(svc?.user ?? '');
    const [uid, gid] = user.split(':');
    if (!/^\d+$/.test(uid ?? '') || Number(uid) < MIN_UID || (gid !== undefined && (!/^\d+$/.test(gid) || Number(gid) === 0))) {
      fail(name, at('user'), `must be a numeric non-root UID[:GID], UID >= ${MIN_UID} (got ${JSON.stringify(svc?.user)})`);
    }
    if (svc?.read_only !== true) fail(name, at('read_only'), 'must be true');
    if (!asList(svc?.cap_drop).includes('ALL')) fail(name, at('cap_drop'), 'must include ALL');
    if (!asList(svc?.security_opt).some((s) => /^no-new-privileges(:true)?$/.test(s))) {
      fail(name, at('security_opt'), 'must include no-new-privileges:true');
    }
    const tools = asList(svc?.profiles).includes('tools');
    if (!tools && (!svc?.healthcheck?.test || svc.healthcheck.disable === true)) {
      fail(name, at('healthcheck'), 'required (only services of the "tools" profile may go without)');
    }
    const image = String(svc?.image ?? '');
    if (!/[:@]/.test(image.split('/').pop()) || /:latest$/.test(image)) fail(name, at('image'), `${image || 'image'}: pin a version, not :latest`);

    const argv = [...asList(svc?.entrypoint), ...asList(svc?.command)];
    const dataDir = flagValue(argv, 'data_dir');
    if (dataDir !== undefined) {
      const mounts = asList(svc?.volumes).map((v) => (typeof v === 'string'
        ? { source: v.split(':')[0], target: v.split(':')[1] } : { source: v?.source, target: v?.target, type: v?.type }));
      // The mount whose target is the data directory or the deepest one containing it.
      const m = mounts.filter((v) => typeof v.target === 'string'
          && (dataDir === v.target || dataDir.startsWith(`${v.target.replace(/\/$/, '')}/`)))
        .sort((a, b) => b.target.length - a.target.length)[0];
      if (!m || !namedVolumes.includes(m.source) || (m.type && m.type !== 'volume')) {
        fail(name, at('volumes'), `--data_dir=${dataDir} must be on a named volume declared under top-level volumes`);
      }
    }
    asList(svc?.ports).forEach((p, i) => {
      const hostIp = typeof p === 'object' ? p?.host_ip : (String(p).match(/^(\d{1,3}(\.\d{1,3}){3}|\[[^\]]+\]):/)?.[1]);
      if (hostIp !== '127.0.0.1') fail(name, at('ports', i), `${typeof p === 'object' ? JSON.stringify(p) : p}: publish on 127.0.0.1 only`);
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

function main() {
  const files = filesToCheck(process.argv.slice(2));
  const problems = [];
  const objects = [];
  for (const file of files) {
    const loaded = loadFile(file);
    problems.push(...loaded.problems);
    for (const entry of loaded.docs) {
      if (isComposeFile(file)) problems.push(...checkCompose(file, entry));
      else if (isObject(entry.value) && entry.value.kind) objects.push({ file, entry, obj: entry.value });
    }
  }
  problems.push(...new KubernetesPolicy(objects).run());
  process.exitCode = report('policy', problems, `${files.length} file(s), ${objects.length} Kubernetes object(s)`);
}

main();
