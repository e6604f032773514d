// goSchema joins the Go field facts with the descriptor's field types without protobufjs; the
// protobuf codec's schema makes the same join through a protobufjs Root. Both must agree on
// every message: which kinds exist, and for every Go field its proto field and the message its
// value is (element of a slice, value of a map).
import { goSchema, protoSchema, readGeneratedJson } from '../../src/api/index.js';

const table = readGeneratedJson<{ groupVersions: Record<string, string>; messages: Record<string, unknown> }>('proto/fields.json');

test('every message: the same fields, proto types and value messages as protobufjs resolves them', () => {
  const go = goSchema();
  const proto = protoSchema();
  let compared = 0;
  for (const name of Object.keys(table.messages)) {
    const fromGo = go.plan(go.lookupType(name));
    const fromProto = proto.plan(proto.root.lookupType(name));
    expect(fromGo.facts).toBe(fromProto.facts);
    expect(fromGo.fields.map((f) => [f.go.go, f.proto?.id, f.proto?.type, f.proto?.keyType, f.type?.name])).toEqual(
      fromProto.fields.map((f) => [
        f.go.go, f.proto?.id, f.proto?.type, (f.proto as { keyType?: string } | undefined)?.keyType, f.type?.fullName.slice(1),
      ]),
    );
    compared++;
  }
  expect(compared).toBeGreaterThan(1000);
});

test('kinds: the same message for every group version and kind, none for unknown ones', () => {
  const go = goSchema();
  const proto = protoSchema();
  const kinds = ['Pod', 'Deployment', 'Status', 'DeleteOptions', 'WatchEvent', 'Lease', 'PodSpec', 'NoSuchKind', ''];
  for (const apiVersion of [...Object.keys(table.groupVersions), 'nope/v1']) {
    for (const kind of kinds) {
      expect([apiVersion, kind, go.kindType(apiVersion, kind)?.name]).toEqual([apiVersion, kind, proto.kindType(apiVersion, kind)?.fullName.slice(1)]);
    }
  }
  expect(go.kindType('v1', 'Pod')?.name).toBe('k8s.io.api.core.v1.Pod');
  expect(go.kindType('apps/v1', 'Status')?.name).toBe('k8s.io.apimachinery.pkg.apis.meta.v1.Status');
  expect(go.kindType('v1', 'PodSpec')).toBeUndefined();
  expect(() => go.lookupType('k8s.io.api.core.v1.NoSuchMessage')).toThrow('no protobuf message');
});
