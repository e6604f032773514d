// x-kubernetes-validations (CEL) rules of a CustomResourceDefinition, with the stock kubectl
// 1.33 and 1.27: objects breaking a rule are refused with upstream's messages naming the field,
// a transition rule keeps a field immutable on update, status writes are checked too, and a
// definition whose rule does not compile is refused.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kubectl } from '../helpers/kubectl.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';

let server: TestApiServer;
const dir = mkdtempSync(join(tmpdir(), 'kubets-crd-rules-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: crontabs.rules.example.com}
spec:
  group: rules.example.com
  scope: Namespaced
  names: {plural: crontabs, singular: crontab, kind: CronTab}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - rule: self.minReplicas <= self.replicas && self.replicas <= self.maxReplicas
              message: replicas should be in the range minReplicas..maxReplicas
            - rule: self.schedule == oldSelf.schedule
              message: schedule is immutable
            - rule: "!has(self.image) || self.image.endsWith(':latest') == false"
              messageExpression: "'image ' + self.image + ' must be pinned'"
              fieldPath: .image
              reason: FieldValueForbidden
            properties:
              schedule: {type: string}
              image: {type: string}
              replicas: {type: integer}
              minReplicas: {type: integer, default: 0}
              maxReplicas: {type: integer, default: 10}
              tags:
                type: array
                x-kubernetes-validations:
                - rule: self.all(t, t != 'forbidden')
                  message: the tag forbidden is not allowed
                items:
                  type: string
                  x-kubernetes-validations:
                  - rule: self == self.lowerAscii()
          status:
            type: object
            properties:
              phase:
                type: string
                x-kubernetes-validations:
                - rule: self in ['Pending', 'Running']
                  message: phase must be Pending or Running
`;

const crontab = (name: string, spec: string) => `apiVersion: rules.example.com/v1\nkind: CronTab\nmetadata: {name: ${name}}\nspec: ${spec}\n`;

beforeAll(async () => {
  server = await startTestApiServer();
  const k = new Kubectl('1.33', server.kubeconfig);
  await k.ok(['apply', '-f', file('crd.yaml', crd)]);
  await k.ok(['wait', '--for', 'condition=established', '--timeout=10s', 'crd/crontabs.rules.example.com']);
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server);
});

describe.each(['1.33', '1.27'] as const)('kubectl %s', (version) => {
  let k: Kubectl;
  beforeAll(() => {
    k = new Kubectl(version, server.kubeconfig);
  });

  test.each([
    ['a rule with a message', '{schedule: "* * * * *", replicas: 20}', 'spec: Invalid value: "object": replicas should be in the range minReplicas..maxReplicas'],
    ['a messageExpression, fieldPath and reason', '{schedule: "* * * * *", replicas: 1, image: "nginx:latest"}', 'spec.image: Forbidden: image nginx:latest must be pinned'],
    ['a rule without a message on list items', '{schedule: "* * * * *", replicas: 1, tags: [ok, Bad]}', 'spec.tags[1]: Invalid value: "string": failed rule: self == self.lowerAscii()'],
    ['several broken rules', '{schedule: "* * * * *", replicas: 20, tags: [Bad]}',
      '\n* spec: Invalid value: "object": replicas should be in the range minReplicas..maxReplicas\n* spec.tags[0]: Invalid value: "string": failed rule: self == self.lowerAscii()'],
    ['a schema error (rules not run)', '{schedule: "* * * * *", replicas: "many"}',
      '\n* spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"\n* <nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation'],
    ['a rule over a list', '{schedule: "* * * * *", replicas: 1, tags: [ok, forbidden]}', 'spec.tags: Invalid value: "array": the tag forbidden is not allowed'],
    ['a runtime error', '{schedule: "* * * * *"}', 'spec: Invalid value: "object": no such key: replicas evaluating rule: replicas should be in the range minReplicas..maxReplicas'],
  ])('%s is refused with the field named', async (_what, spec, message) => {
    const result = await k.run(['create', '-f', file(`bad-${version}.yaml`, crontab('bad', spec))]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toBe(`The CronTab "bad" is invalid: ${message}\n`);
  });

  test('a transition rule keeps the schedule immutable; other changes pass', async () => {
    const name = `immutable-${version.replace('.', '-')}`;
    await k.ok(['create', '-f', file(`${name}.yaml`, crontab(name, '{schedule: "0 * * * *", replicas: 2}'))]);
    const refused = await k.run(['patch', 'crontab', name, '--type=merge', '-p', '{"spec":{"schedule":"5 * * * *"}}']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toBe(`The CronTab "${name}" is invalid: spec: Invalid value: "object": schedule is immutable\n`);
    await k.ok(['patch', 'crontab', name, '--type=merge', '-p', '{"spec":{"replicas":3}}']);
    expect(await k.ok(['get', 'crontab', name, '-o', 'jsonpath={.spec.replicas} {.spec.schedule}'])).toBe('3 0 * * * *');
  });

  test('status writes are checked against the status rules', async () => {
    const name = `status-${version.replace('.', '-')}`;
    await k.ok(['create', '-f', file(`${name}.yaml`, crontab(name, '{schedule: "0 * * * *", replicas: 2}'))]);
    const args = ['patch', 'crontab', name, '--subresource=status', '--type=merge', '-p'];
    const refused = await k.run([...args, '{"status":{"phase":"Done"}}']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toBe(`The CronTab "${name}" is invalid: status.phase: Invalid value: "string": phase must be Pending or Running\n`);
    await k.ok([...args, '{"status":{"phase":"Running"}}']);
    expect(await k.ok(['get', 'crontab', name, '-o', 'jsonpath={.status.phase}'])).toBe('Running');
  });

  test('a definition whose rule does not compile is refused', async () => {
    const plural = `badtabs${version.replace('.', '')}`;
    const bad = crd
      .replace('crontabs.rules.example.com', `${plural}.rules.example.com`)
      .replace('{plural: crontabs, singular: crontab, kind: CronTab}', `{plural: ${plural}, kind: Bad${plural}}`)
      .replace('- rule: self.schedule == oldSelf.schedule', '- rule: self.nonExistingField > 0');
    const result = await k.run(['create', '-f', file(`${plural}.yaml`, bad)]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toBe(
      `The CustomResourceDefinition "${plural}.rules.example.com" is invalid: ` +
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[1].rule: Invalid value: ' +
      'apiextensions.ValidationRule{Rule:"self.nonExistingField > 0", Message:"schedule is immutable", MessageExpression:"", ' +
      'Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}: ' +
      "compilation failed: ERROR: <input>:1:5: undefined field 'nonExistingField'\n | self.nonExistingField > 0\n | ....^\n",
    );
    expect((await k.run(['get', 'crd', `${plural}.rules.example.com`])).code).not.toBe(0);
  });
});
