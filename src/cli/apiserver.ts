// `kubets apiserver`: the API server as a process of its own; other components reach it
// through the kubeconfig it writes.
import { startStandaloneApiServer } from '../apiserver/index.js';
import type { UpOptions } from './up.js';

export async function apiserver(options: UpOptions): Promise<void> {
  const server = await startStandaloneApiServer(options);
  console.log(`kubets apiserver: serving at ${server.url}`);
  console.log(`export KUBECONFIG=${server.kubeconfig}`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
