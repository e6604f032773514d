// The protobuf codec against real kubectl request bodies. kubectl 1.33 sends typed `create`
// commands as application/vnd.kubernetes.protobuf, kubectl 1.31 sends the same objects as JSON;
// both are captured by a local HTTP server. Decoding the protobuf body must give exactly the
// JSON body (same keys, values and Go field order), and encoding the JSON body must give the
// protobuf body byte for byte.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import {
  decodeProtobufObject,
  encodeProtobufObject,
  PROTOBUF_CONTENT_TYPE,
  ProtobufCodecError,
  protoSchema,
} from '../../src/api/index.js';
import type { Deployment } from '../../src/api/index.js';

const run = promisify(execFile);
const KUBECTL_DIR = '/usr/lib/google-cloud-sdk/bin';
const kubectl133 = process.env['KUBECTL_1_33'] ?? join(KUBECTL_DIR, 'kubectl.1.33');
const kubectl131 = process.env['KUBECTL_1_31'] ?? join(KUBECTL_DIR, 'kubectl.1.31');

interface Recorded {
  method: string;
  url: string;
  contentType: string;
  body: Buffer;
}

// [label, kubectl arguments]; each sends one POST of one object
const commands: Array<[string, string[]]> = [
  ['Secret', ['create', 'secret', 'generic', 's1', '--from-literal=a=b']],
  ['ConfigMap', ['create', 'configmap', 'c1', '--from-literal=a=b']],
  ['Deployment', ['create', 'deployment', 'd1', '--image=busybox']],
  ['Service (IntOrString port)', ['create', 'service', 'clusterip', 'svc1', '--tcp=80:8080']],
  ['Namespace', ['create', 'namespace', 'n1']],
  ['Job', ['create', 'job', 'j1', '--image=busybox']],
  ['CronJob', ['create', 'cronjob', 'cj1', '--image=busybox', '--schedule=*/5 * * * *']],
  ['ResourceQuota (Quantity)', ['create', 'quota', 'q1', '--hard=cpu=1,memory=1Gi,pods=10']],
  ['PodDisruptionBudget (IntOrString %)', ['create', 'pdb', 'p1', '--selector=a=b', '--min-available=50%']],
  ['PriorityClass', ['create', 'priorityclass', 'pc1', '--value=10']],
  ['Ingress', ['create', 'ingress', 'i1', '--rule=foo.com/bar=svc1:8080']],
  ['ServiceAccount', ['create', 'serviceaccount', 'sa1']],
  ['TokenRequest (int64 pointer)', ['create', 'token', 'sa1', '--duration=1h']],
];

let server: http.Server;
let port: number;
let workDir: string;
let requests: Recorded[] = [];
const captured = new Map<string, { proto: Recorded; json: Recorded }>();

function startServer(): Promise<void> {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const contentType = req.headers['content-type'] ?? '';
      requests.push({ method: req.method ?? '', url: req.url ?? '', contentType, body });
      let answer: string;
      if (req.url?.includes('/token')) {
        answer = JSON.stringify({
          kind: 'TokenRequest',
          apiVersion: 'authentication.k8s.io/v1',
          metadata: {},
          spec: { audiences: null },
          status: { token: 'test-token', expirationTimestamp: '2030-01-01T00:00:00Z' },
        });
      } else if (contentType.startsWith('application/json')) {
        answer = body.toString('utf8'); // echo the object, as a server answers a create
      } else {
        answer = JSON.stringify({ metadata: {} }); // minimal object; decoding is the test's job
      }
      res.writeHead(req.method === 'POST' ? 201 : 404, { 'content-type': 'application/json' });
      res.end(answer);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve();
    }),
  );
}

async function capture(binary: string, args: string[]): Promise<Recorded> {
  requests = [];
  const version = binary.slice(-4);
  await run(
    binary,
    [`--server=http://127.0.0.1:${port}`, `--cache-dir=${join(workDir, `cache-${version}`)}`, ...args],
    { env: { ...process.env, KUBECONFIG: join(workDir, 'no-kubeconfig'), HOME: workDir }, timeout: 30_000 },
  );
  const posts = requests.filter((r) => r.method === 'POST');
  if (posts.length !== 1) {
    throw new Error(`kubectl ${args.join(' ')} sent ${posts.length} POSTs: ${requests.map((r) => r.url)}`);
  }
  return posts[0]!;
}

beforeAll(async () => {
  for (const bin of [kubectl133, kubectl131]) {
    if (!existsSync(bin)) throw new Error(`${bin} not found (set KUBECTL_1_33 / KUBECTL_1_31)`);
  }
  workDir = mkdtempSync(join(tmpdir(), 'kubets-protobuf-'));
  await startServer();
  for (const [label, args] of commands) {
    captured.set(label, { proto: await capture(kubectl133, args), json: await capture(kubectl131, args) });
  }
}, 120_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(workDir, { recursive: true, force: true });
});

describe('decodeProtobufObject on kubectl 1.33 bodies', () => {
  test.each(commands.map(([label]) => label))('%s equals the kubectl 1.31 JSON body', (label) => {
    const { proto, json } = captured.get(label)!;
    expect(proto.contentType).toBe(PROTOBUF_CONTENT_TYPE);
    expect(json.contentType).toBe('application/json');
    expect(proto.url).toBe(json.url);

    const expected = JSON.parse(json.body.toString('utf8')) as unknown;
    const decoded = decodeProtobufObject(proto.body);
    expect(decoded).toStrictEqual(expected);
    // Go writes struct fields in declaration order in both forms
    expect(JSON.stringify(decoded)).toBe(json.body.toString('utf8').trim());
  });

  test('the Deployment carries the Go JSON details (zero structs, null time, pointer ints)', () => {
    const obj = decodeProtobufObject(captured.get('Deployment')!.proto.body) as unknown as Deployment;
    expect(obj.metadata).toEqual({ name: 'd1', creationTimestamp: null, labels: { app: 'd1' } });
    expect(obj.spec?.replicas).toBe(1);
    expect(obj.spec?.strategy).toEqual({});
    expect(obj.spec?.template.spec?.containers[0]?.resources).toEqual({});
    expect(obj.status).toEqual({});
  });
});

describe('encodeProtobufObject on kubectl 1.31 bodies', () => {
  test.each(commands.map(([label]) => label))('%s gives the kubectl 1.33 bytes', (label) => {
    const { proto, json } = captured.get(label)!;
    const encoded = encodeProtobufObject(JSON.parse(json.body.toString('utf8')) as Record<string, unknown>);
    expect(Buffer.from(encoded).toString('hex')).toBe(proto.body.toString('hex'));
  });
});

describe('bad protobuf bodies', () => {
  const body = (): Buffer => captured.get('Deployment')!.proto.body;
  const wrap = (fields: Record<string, unknown>): Uint8Array => {
    const envelope = protoSchema().envelope.encode({ contentEncoding: '', contentType: '', ...fields }).finish();
    return Buffer.concat([Buffer.from('k8s\0', 'latin1'), envelope]);
  };

  test('a truncated body', () => {
    const truncated = body().subarray(0, body().length - 20);
    expect(() => decodeProtobufObject(truncated)).toThrow(ProtobufCodecError);
    expect(() => decodeProtobufObject(truncated)).toThrow(/invalid protobuf envelope \(runtime.Unknown\): index out of range/);
  });

  test('a corrupt object inside a valid envelope', () => {
    const inner = protoSchema().envelope.decode(body().subarray(4)) as unknown as { raw: Uint8Array };
    const broken = wrap({ typeMeta: { apiVersion: 'apps/v1', kind: 'Deployment' }, raw: inner.raw.subarray(0, 40) });
    expect(() => decodeProtobufObject(broken)).toThrow(/^invalid protobuf apps\/v1 Deployment: index out of range/);
  });

  test('a body without the k8s\\0 prefix', () => {
    expect(() => decodeProtobufObject(Buffer.from('{"kind":"Secret"}'))).toThrow(/does not start with "k8s\\x00"/);
    expect(() => decodeProtobufObject(new Uint8Array())).toThrow(ProtobufCodecError);
  });

  test('an unknown kind', () => {
    const unknown = wrap({ typeMeta: { apiVersion: 'v1', kind: 'Nope' }, raw: new Uint8Array() });
    expect(() => decodeProtobufObject(unknown)).toThrow(/no kind "Nope" is registered for version "v1"/);
    const notAKind = wrap({ typeMeta: { apiVersion: 'apps/v1', kind: 'DeploymentSpec' }, raw: new Uint8Array() });
    expect(() => decodeProtobufObject(notAKind)).toThrow(/no kind "DeploymentSpec"/);
  });
});
