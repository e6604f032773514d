// The layering DESIGN.md sets, checked on every lint: each rule names what a folder must not
// import. Storage and the API types are leaves; the API server sees the storage contract, not a
// backend; controllers talk to the API server only through a client.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'storage-is-a-leaf', severity: 'error',
      comment: 'src/storage imports nothing of kubets outside itself',
      from: { path: '^src/storage/' }, to: { path: '^src/', pathNot: '^src/storage/' },
    },
    {
      name: 'api-is-a-leaf', severity: 'error',
      comment: 'src/api (types and codecs from the upstream artifacts) imports only generated code',
      from: { path: '^src/api/' }, to: { path: '^src/', pathNot: '^src/(api|generated)/' },
    },
    {
      name: 'registry-below-apiserver', severity: 'error',
      comment: 'the registry knows nothing of HTTP',
      from: { path: '^src/registry/' }, to: { path: '^src/apiserver/' },
    },
    {
      name: 'patch-is-a-leaf', severity: 'error',
      comment: 'src/patch imports only src/api',
      from: { path: '^src/patch/' }, to: { path: '^src/', pathNot: '^src/(patch|api|generated)/' },
    },
    {
      name: 'apiserver-sees-the-storage-contract', severity: 'error',
      comment: 'the API server depends on the storage interface, not on a backend',
      from: { path: '^src/(apiserver|registry)/' }, to: { path: '^src/storage/(sqlite|etcd)/' },
    },
    {
      name: 'controllers-use-the-api', severity: 'error',
      comment: 'controllers, scheduler and kubelet reach state through the API server only',
      from: { path: '^src/(controllers|scheduler|kubelet|runtime)/' },
      to: { path: '^src/(apiserver|registry|storage)/' },
    },
    {
      name: 'apiserver-reaches-kubelets-over-https', severity: 'error',
      comment: 'the API server (pod streams, metrics.k8s.io) talks to kubelets over HTTPS only',
      from: { path: '^src/(apiserver|registry)/' }, to: { path: '^src/(kubelet|cri)/' },
    },
    {
      name: 'envtest-is-for-tests', severity: 'error',
      comment: 'src/envtest starts a whole API server for tests and user code; nothing in src uses it',
      from: { path: '^src/', pathNot: '^src/envtest/' }, to: { path: '^src/envtest/' },
    },
    {
      name: 'cri-is-a-leaf', severity: 'error',
      comment: 'src/cri (protocol, client, simulated runtime, containerd) imports only src/log',
      from: { path: '^src/cri/' }, to: { path: '^src/', pathNot: '^src/(cri|log)/' },
    },
    {
      name: 'workqueue-is-a-leaf', severity: 'error',
      from: { path: '^src/runtime/workqueue/' }, to: { path: '^src/', pathNot: '^src/runtime/workqueue/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
