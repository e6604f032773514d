// The conversions against kube-apiserver's own: upstream/goldens.json holds cases run through the
// v1.33 scheme of k8s.io/kubernetes (upstream/gen.sh), and each result here must be the same
// JSON, key order included.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { eventCoreToEvents, eventEventsToCore, hpaV1ToV2, hpaV2ToV1, type JsonObject } from '../../../src/registry/conversion/index.js';

interface Golden {
  direction: 'hpa-v2-to-v1' | 'hpa-v1-to-v2' | 'event-core-to-events' | 'event-events-to-core';
  name: string;
  input: JsonObject;
  expected: JsonObject;
}

const goldens = JSON.parse(
  readFileSync(path.join(process.cwd(), 'test/registry/conversion/upstream/goldens.json'), 'utf8'),
) as Golden[];

const convert: Record<Golden['direction'], (o: JsonObject) => JsonObject> = {
  'hpa-v2-to-v1': hpaV2ToV1,
  'hpa-v1-to-v2': hpaV1ToV2,
  'event-core-to-events': eventCoreToEvents,
  'event-events-to-core': eventEventsToCore,
};

test('there are goldens for every direction', () => {
  expect(new Set(goldens.map((g) => g.direction)).size).toBe(4);
});

describe.each(goldens.map((g) => [`${g.direction}: ${g.name}`, g] as const))('%s', (_name, golden) => {
  test('matches kube-apiserver, key order included', () => {
    const input = structuredClone(golden.input);
    const out = convert[golden.direction](input);
    expect(out).toEqual(golden.expected);
    expect(JSON.stringify(out)).toBe(JSON.stringify(golden.expected));
    expect(input).toEqual(golden.input); // the input is left alone
  });
});
