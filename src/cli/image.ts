// `kubets image import FILE`: loads an OCI or docker image archive (as `docker save` or
// `ctr images export` write them) into the containerd of a running `kubets up --runtime
// containerd` on the same data dir, so pods can run it without a registry.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { containerd } from '../cri/index.js';

export interface ImageImportOptions {
  dataDir: string;
}

export async function imageImport(file: string, options: ImageImportOptions): Promise<void> {
  const layout = containerd.containerdLayout(join(options.dataDir, 'containerd'));
  if (!existsSync(file)) throw new Error(`kubets image import: no such file: ${file}`);
  if (!existsSync(layout.socketPath)) {
    throw new Error(`kubets image import: no containerd is running under ${options.dataDir}: start \`kubets up --runtime containerd --data-dir ${options.dataDir}\` first`);
  }
  await containerd.importImageArchive(layout, file);
  console.log(`kubets: imported ${file}`);
}
