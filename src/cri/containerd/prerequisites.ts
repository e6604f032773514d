// What running real containerd needs from the machine, and the Debian package each comes from:
// containerd (and its ctr), runc, a statically linked busybox (busybox-static; the dynamically
// linked one of the busybox package cannot run inside an image without libc) and the CNI
// plugins. `missingPrerequisites` names what is absent, so callers can say what to install.
import { accessSync, constants, openSync, readSync, closeSync } from 'node:fs';

export const busyboxPath = '/bin/busybox';
export const cniBinDir = '/usr/lib/cni';

export interface Prerequisite {
  what: string;
  debianPackage: string;
  present(): boolean;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** True for an ELF executable without a program interpreter (PT_INTERP): statically linked. */
export function staticallyLinked(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(64);
    readSync(fd, head, 0, 64, 0);
    if (head.readUInt32BE(0) !== 0x7f454c46 || head[4] !== 2) return false;
    const phoff = Number(head.readBigUInt64LE(32));
    const phentsize = head.readUInt16LE(54);
    const phnum = head.readUInt16LE(56);
    const table = Buffer.alloc(phentsize * phnum);
    readSync(fd, table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) if (table.readUInt32LE(i * phentsize) === 3) return false;
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export const prerequisites: Prerequisite[] = [
  { what: 'containerd', debianPackage: 'containerd', present: () => executable('/usr/bin/containerd') && executable('/usr/bin/ctr') },
  { what: 'runc', debianPackage: 'runc', present: () => executable('/usr/sbin/runc') || executable('/usr/bin/runc') },
  { what: 'a statically linked busybox at /bin/busybox', debianPackage: 'busybox-static', present: () => staticallyLinked(busyboxPath) },
  {
    what: 'the CNI plugins bridge, host-local, portmap and loopback',
    debianPackage: 'containernetworking-plugins',
    present: () => ['bridge', 'host-local', 'portmap', 'loopback'].every((plugin) => executable(`${cniBinDir}/${plugin}`)),
  },
];

export function missingPrerequisites(wanted = prerequisites): Prerequisite[] {
  return wanted.filter((prerequisite) => !prerequisite.present());
}

/** Throws an error naming the Debian packages to install when anything is missing. */
export function assertPrerequisites(wanted = prerequisites): void {
  const missing = missingPrerequisites(wanted);
  if (missing.length === 0) return;
  throw new Error(`real containerd needs ${missing.map((m) => m.what).join(', ')}: install the Debian package${missing.length > 1 ? 's' : ''} `
    + `with \`apt-get install -y ${missing.map((m) => m.debianPackage).join(' ')}\``);
}
