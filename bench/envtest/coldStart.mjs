// One cold envtest start, in a fresh `node` process (what a user's test file pays): imports the
// envtest module given as the first argument (dist/envtest/index.js, or the sources under tsx),
// starts an environment (with the CustomResourceDefinition in the second argument, JSON, if
// any), stops it, and prints the times as one JSON line (the first start's CPU time too: on a
// busy machine the wall time mostly measures waiting for a core). Plain JavaScript, so nothing but the
// import itself is timed as loading.
const [modulePath, crdJson] = process.argv.slice(2);
const scriptAt = performance.now(); // since the process started
// client-node first, apart: envtest hands back its KubeConfig, and a test file imports it anyway
await import('@kubernetes/client-node');
const clientAt = performance.now();
const { startEnvironment } = await import(modulePath);
const importedAt = performance.now();
const cpuBefore = process.cpuUsage();
const env = await startEnvironment(crdJson ? { crds: [JSON.parse(crdJson)] } : {});
const readyAt = performance.now();
const cpu = process.cpuUsage(cpuBefore);
await env.stop();
console.log(JSON.stringify({ bootMs: scriptAt, clientNodeImportMs: clientAt - scriptAt, importMs: importedAt - clientAt, firstStartMs: readyAt - importedAt, firstStartCpuMs: (cpu.user + cpu.system) / 1000 }));
