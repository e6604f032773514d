// The types whose JSON form is their own (Time, MicroTime, Duration, RawExtension, FieldsV1,
// bytes, int64), which kubectl's create bodies do not exercise with values.
import type { Type } from 'protobufjs';

import {
  decodeProtobufObject,
  encodeProtobufObject,
  formatGoDuration,
  formatRfc3339,
  parseGoDuration,
  parseRfc3339,
  protoSchema,
} from '../../src/api/index.js';

const roundTrip = (obj: Record<string, unknown>): Record<string, unknown> =>
  decodeProtobufObject(encodeProtobufObject(obj));

function envelope(apiVersion: string, kind: string, type: Type, message: Record<string, unknown>): Uint8Array {
  const raw = type.encode(message).finish();
  const env = protoSchema().envelope.encode({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' });
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), env.finish()]);
}

describe('Go duration strings', () => {
  test.each([
    [0, '0s'],
    [1, '1ns'],
    [1_100, '1.1µs'],
    [2_200_000, '2.2ms'],
    [1_500_000_000, '1.5s'],
    [3_600_000_000_000, '1h0m0s'],
    [4_530_918_273_645, '1h15m30.918273645s'],
    [-90_000_000_000, '-1m30s'],
  ])('%d ns is %s', (nanos, text) => {
    expect(formatGoDuration(nanos)).toBe(text);
    expect(parseGoDuration(text)).toBe(BigInt(nanos));
  });

  test('parse accepts Go forms and rejects others', () => {
    expect(parseGoDuration('1.5h')).toBe(5_400_000_000_000n);
    expect(parseGoDuration('300ms')).toBe(300_000_000n);
    expect(parseGoDuration('2h45m')).toBe(9_900_000_000_000n);
    expect(() => parseGoDuration('1d')).toThrow(/invalid duration/);
    expect(() => parseGoDuration('')).toThrow(/invalid duration/);
  });
});

describe('RFC 3339 times', () => {
  test('format and parse', () => {
    expect(formatRfc3339(1_700_000_000)).toBe('2023-11-14T22:13:20Z');
    expect(formatRfc3339(1_700_000_000, 123_456)).toBe('2023-11-14T22:13:20.123456Z');
    expect(parseRfc3339('2023-11-14T23:13:20.5+01:00')).toEqual({ seconds: 1_700_000_000, nanos: 500_000_000 });
  });
});

describe('special types through the protobuf form', () => {
  test('Time keeps whole seconds, MicroTime microseconds; pointers and int64', () => {
    const lease = {
      kind: 'Lease',
      apiVersion: 'coordination.k8s.io/v1',
      metadata: {
        name: 'l1',
        generation: 2 ** 40,
        creationTimestamp: '2024-01-02T03:04:05Z',
        deletionTimestamp: '2024-01-02T03:04:06Z',
      },
      spec: {
        holderIdentity: 'node-1',
        leaseDurationSeconds: 0,
        acquireTime: '2024-01-02T03:04:05.123456Z',
        renewTime: '2024-01-02T03:04:05.000000Z',
      },
    };
    expect(roundTrip(lease)).toStrictEqual(lease);

    const Time = protoSchema().root.lookupType('k8s.io.apimachinery.pkg.apis.meta.v1.Time');
    const MicroTime = protoSchema().root.lookupType('k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime');
    const ObjectMeta = protoSchema().root.lookupType('k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    const LeaseSpec = protoSchema().root.lookupType('k8s.io.api.coordination.v1.LeaseSpec');
    const body = envelope('coordination.k8s.io/v1', 'Lease', protoSchema().kindType('coordination.k8s.io/v1', 'Lease')!, {
      metadata: ObjectMeta.create({ name: 'l2', creationTimestamp: Time.create({ seconds: 1_700_000_000, nanos: 999 }) }),
      spec: LeaseSpec.create({ renewTime: MicroTime.create({ seconds: 1_700_000_000, nanos: 123_456_789 }) }),
    });
    expect(decodeProtobufObject(body)).toStrictEqual({
      kind: 'Lease',
      apiVersion: 'coordination.k8s.io/v1',
      metadata: { name: 'l2', creationTimestamp: '2023-11-14T22:13:20Z' },
      spec: { renewTime: '2023-11-14T22:13:20.123456Z' },
    });
  });

  test('a non-pointer MicroTime that is zero is null (core/v1 Event eventTime)', () => {
    const event = {
      kind: 'Event',
      apiVersion: 'v1',
      metadata: { name: 'e1', namespace: 'default', creationTimestamp: null },
      involvedObject: { kind: 'Pod', name: 'p' },
      reason: 'Started',
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      count: 3,
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    };
    const decoded = roundTrip({ kind: 'Event', apiVersion: 'v1', metadata: { name: 'e1', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'p' }, reason: 'Started', count: 3 });
    expect(decoded).toStrictEqual(event);
  });

  test('RawExtension and FieldsV1 carry raw JSON; []byte is base64', () => {
    const revision = {
      kind: 'ControllerRevision',
      apiVersion: 'apps/v1',
      metadata: {
        name: 'r1',
        creationTimestamp: null,
        managedFields: [
          {
            manager: 'kubectl',
            operation: 'Update',
            apiVersion: 'apps/v1',
            time: '2024-01-02T03:04:05Z',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:data': {}, 'f:revision': {} },
          },
        ],
      },
      data: { spec: { template: { metadata: { labels: { a: 'b' } } } } },
      revision: 3,
    };
    expect(roundTrip(revision)).toStrictEqual(revision);

    const secret = { kind: 'Secret', apiVersion: 'v1', metadata: { name: 's', creationTimestamp: null }, data: { bin: Buffer.from([0, 255, 1]).toString('base64'), empty: '' } };
    expect(roundTrip(secret)).toStrictEqual(secret);
  });

  test('a RawExtension holding a protobuf object decodes it too', () => {
    const inner = encodeProtobufObject({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c' }, data: { a: 'b' } });
    const type = protoSchema().kindType('apps/v1', 'ControllerRevision')!;
    const body = envelope('apps/v1', 'ControllerRevision', type, {
      metadata: { name: 'r' },
      data: { raw: inner },
      revision: 1,
    });
    expect(decodeProtobufObject(body)['data']).toStrictEqual({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'c', creationTimestamp: null },
      data: { a: 'b' },
    });
  });
});
