// A tar archive (POSIX ustar) built in memory: directories, regular files and symbolic links,
// owned by root, with a fixed modification time so the same content always gives the same
// bytes (and so the same image digests). Enough for OCI layers and OCI layout archives.

export type TarEntry =
  | { type: 'directory'; path: string; mode?: number }
  | { type: 'file'; path: string; content: Buffer; mode?: number }
  | { type: 'symlink'; path: string; target: string };

const block = 512;
const fixedTime = 0;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(entry: TarEntry, size: number): Buffer {
  const buffer = Buffer.alloc(block);
  let name = entry.path.replace(/^\/+/, '');
  if (entry.type === 'directory' && !name.endsWith('/')) name += '/';
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', name.length - 2 > 155 ? 155 : name.length - 2);
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
  }
  const mode = entry.type === 'symlink' ? 0o777 : entry.mode ?? (entry.type === 'directory' ? 0o755 : 0o644);
  buffer.write(name, 0, 100);
  buffer.write(octal(mode, 8), 100);
  buffer.write(octal(0, 8), 108);
  buffer.write(octal(0, 8), 116);
  buffer.write(octal(size, 12), 124);
  buffer.write(octal(fixedTime, 12), 136);
  buffer.write('        ', 148);
  buffer.write(entry.type === 'directory' ? '5' : entry.type === 'symlink' ? '2' : '0', 156);
  if (entry.type === 'symlink') buffer.write(entry.target, 157, 100);
  buffer.write('ustar\0', 257);
  buffer.write('00', 263);
  buffer.write('root', 265);
  buffer.write('root', 297);
  buffer.write(prefix, 345, 155);
  let checksum = 0;
  for (const byte of buffer) checksum += byte;
  buffer.write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148);
  return buffer;
}

export function tarArchive(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = entry.type === 'file' ? entry.content : Buffer.alloc(0);
    parts.push(header(entry, content.length), content);
    const padding = (block - (content.length % block)) % block;
    if (padding) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(block * 2));
  return Buffer.concat(parts);
}
