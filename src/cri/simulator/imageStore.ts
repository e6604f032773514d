// The simulated node's images: a fixed set present from the start (the pause images, busybox,
// nginx, and kubets/forever and kubets/exit1 whose processes simulatedRuntime.ts knows), pulls
// that add any other reference at once, and pulls that fail for references matching the
// configured patterns, with containerd's wording.
import { createHash } from 'node:crypto';
import { CriError, grpcStatus } from '../criError.js';
import { normalizeImageReference } from '../imageReference.js';
import type { Image } from '../types.js';

export const builtInImages = [
  'registry.k8s.io/pause:3.10',
  'docker.io/local/pause:1',
  'docker.io/library/busybox:latest',
  'docker.io/library/nginx:latest',
  'docker.io/kubets/forever:latest',
  'docker.io/kubets/exit1:latest',
];

export const defaultPullFailures = [/does-not-exist/, /nonexistent/, /unpullable/];

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** One Image record per reference, shared by every node of the process. */
const imageRecords = new Map<string, Image>();

function imageRecord(reference: string): Image {
  let image = imageRecords.get(reference);
  if (!image) {
    const repository = reference.replace(/[:@][^/]*$/, '');
    image = {
      id: `sha256:${sha256(reference)}`,
      repoTags: reference.includes('@') ? [] : [reference],
      repoDigests: [`${repository}@sha256:${sha256(`digest ${reference}`)}`],
      size: 1_000_000 + (Number.parseInt(sha256(reference).slice(0, 6), 16) % 50_000_000),
      uid: null,
      username: '',
      spec: null,
      pinned: reference.includes('/pause'),
    };
    imageRecords.set(reference, image);
  }
  return image;
}

export class ImageStore {
  private readonly present = new Set<string>(builtInImages);

  constructor(private readonly pullFailures: RegExp[] = defaultPullFailures) {}

  list(): Image[] {
    return [...this.present].map(imageRecord);
  }

  /** The image a reference (any spelling, or an image ID) names, if present. */
  find(reference: string): Image | undefined {
    if (reference.startsWith('sha256:')) return this.list().find((image) => image.id === reference);
    const normalized = normalizeImageReference(reference);
    return this.present.has(normalized) ? imageRecord(normalized) : undefined;
  }

  pull(reference: string): Image {
    const normalized = normalizeImageReference(reference);
    if (this.pullFailures.some((pattern) => pattern.test(normalized))) {
      throw new CriError(grpcStatus.UNKNOWN, `failed to pull and unpack image "${normalized}": failed to resolve reference "${normalized}": ${normalized}: not found`);
    }
    this.present.add(normalized);
    return imageRecord(normalized);
  }

  remove(reference: string): void {
    const image = this.find(reference);
    if (image) for (const tag of [...this.present]) if (imageRecord(tag).id === image.id) this.present.delete(tag);
  }
}
