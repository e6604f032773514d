// A CustomResourceDefinition with a structural schema, with the stock kubectl 1.33: objects
// breaking the schema are refused with upstream's messages, unknown fields are pruned and
// defaults filled in.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kubectl } from '../helpers/kubectl.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';

let server: TestApiServer;
let k: Kubectl;
const dir = mkdtempSync(join(tmpdir(), 'kubets-crd-schema-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: webapps.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: webapps, singular: webapp, kind: WebApp}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [image]
            properties:
              image: {type: string, pattern: '^[a-z0-9./:-]+$', maxLength: 40}
              replicas: {type: integer, minimum: 1, maximum: 10, default: 1}
              mode: {type: string, enum: [fast, slow], default: fast}
              tags: {type: array, items: {type: string}, maxItems: 2, x-kubernetes-list-type: set}
              ports:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name]
                items:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                    port: {type: integer, default: 80}
              config: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;

const webapp = (name: string, spec: string) => `apiVersion: example.com/v1\nkind: WebApp\nmetadata: {name: ${name}}\nspec: ${spec}\n`;

beforeAll(async () => {
  server = await startTestApiServer();
  k = new Kubectl('1.33', server.kubeconfig);
  await k.ok(['apply', '-f', file('crd.yaml', crd)]);
  await k.ok(['wait', '--for', 'condition=established', '--timeout=10s', 'crd/webapps.example.com']);
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server);
});

test.each([
  ['replicas: string', '{image: nginx, replicas: three}', 'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"'],
  ['replicas: minimum', '{image: nginx, replicas: 0}', 'spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1'],
  ['replicas: maximum', '{image: nginx, replicas: 11}', 'spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10'],
  ['image: required', '{replicas: 2}', 'spec.image: Required value'],
  ['image: pattern', '{image: NGINX}', 'spec.image: Invalid value: "NGINX": spec.image in body should match \'^[a-z0-9./:-]+$\''],
  ['image: maxLength', `{image: ${'a'.repeat(41)}}`, 'spec.image: Too long: may not be more than 40 bytes'],
  ['mode: enum', '{image: nginx, mode: medium}', 'spec.mode: Unsupported value: "medium": supported values: "fast", "slow"'],
  ['tags: maxItems', '{image: nginx, tags: [a, b, c]}', 'spec.tags: Too many: 3: must have at most 2 items'],
  ['tags: set', '{image: nginx, tags: [a, a]}', 'spec.tags[1]: Duplicate value: "a"'],
  ['ports: map keys', '{image: nginx, ports: [{name: http}, {name: http, port: 81}]}', 'spec.ports[1]: Duplicate value: map[string]interface {}{"name":"http"}'],
])('%s is refused', async (_rule, spec, message) => {
  const result = await k.run(['create', '-f', file('bad.yaml', webapp('bad', spec))]);
  expect(result.code).not.toBe(0);
  expect(result.stderr).toBe(`The WebApp "bad" is invalid: ${message}\n`);
});

test('unknown fields are pruned and defaults filled in, on create and on update', async () => {
  const good = file('good.yaml', webapp('good', '{image: nginx, bogus: 1, ports: [{name: http, stray: x}], config: {free: {form: 1}}}'));
  await k.ok(['create', '--validate=false', '-f', good]);
  let live = JSON.parse(await k.ok(['get', 'webapp', 'good', '-o', 'json']));
  expect(live.spec).toEqual({ image: 'nginx', replicas: 1, mode: 'fast', ports: [{ name: 'http', port: 80 }], config: { free: { form: 1 } } });
  await k.ok(['patch', 'webapp', 'good', '--type=merge', '-p', '{"spec":{"replicas":3,"mode":null,"other":true}}']);
  live = JSON.parse(await k.ok(['get', 'webapp', 'good', '-o', 'json']));
  expect(live.spec).toEqual({ image: 'nginx', replicas: 3, mode: 'fast', ports: [{ name: 'http', port: 80 }], config: { free: { form: 1 } } });
});
