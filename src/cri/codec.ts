// Encoding and decoding of CRI messages with protobufjs, from the declarations in
// protocol.ts: the gRPC method table (paths, serializers) both the client and the simulator's
// server use, and `normalize`, which gives an in-process request or response exactly the shape
// it would have after a trip over the wire (defaults filled, enums as names, longs as numbers).
import protobuf from 'protobufjs';
import { criProtocolSource } from './protocol.js';

const root = protobuf.parse(criProtocolSource, { keepCase: false }).root;
root.resolveAll();

const conversion: protobuf.IConversionOptions = {
  longs: Number, enums: String, defaults: true, arrays: true, objects: true,
};

export type CriServiceName = 'RuntimeService' | 'ImageService';

export interface CriMethod {
  /** The TypeScript method name, e.g. `runPodSandbox`. */
  name: string;
  /** The gRPC path, e.g. `/runtime.v1.RuntimeService/RunPodSandbox`. */
  path: string;
  service: CriServiceName;
  request: protobuf.Type;
  response: protobuf.Type;
}

function methodsOf(service: CriServiceName): CriMethod[] {
  return root.lookupService(`runtime.v1.${service}`).methodsArray.map((method) => ({
    name: method.name[0].toLowerCase() + method.name.slice(1),
    path: `/runtime.v1.${service}/${method.name}`,
    service,
    request: method.resolvedRequestType!,
    response: method.resolvedResponseType!,
  }));
}

export const criMethods: Record<CriServiceName, CriMethod[]> = {
  RuntimeService: methodsOf('RuntimeService'),
  ImageService: methodsOf('ImageService'),
};

export function encode(type: protobuf.Type, value: unknown): Buffer {
  return Buffer.from(type.encode(type.fromObject((value ?? {}) as Record<string, unknown>)).finish());
}

export function decode<T>(type: protobuf.Type, bytes: Buffer): T {
  return type.toObject(type.decode(bytes), conversion) as T;
}

export function normalize<T>(type: protobuf.Type, value: unknown): T {
  return type.toObject(type.fromObject((value ?? {}) as Record<string, unknown>), conversion) as T;
}
