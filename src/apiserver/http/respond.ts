// Writing answers: objects and Status errors in the negotiated format (JSON, YAML, or
// Kubernetes protobuf for clients that take nothing else). An object a store just wrote is
// answered in JSON with the bytes it stored.
import type { ServerResponse } from 'node:http';
import { stringify } from 'yaml';
import { encodeProtobufObject } from '../../api/index.js';
import { StatusError, type Status } from '../../registry/statusError.js';
import { servedBytesOf } from '../../registry/storedObject.js';
import { JSON_TYPE, PROTOBUF_TYPE, YAML_TYPE, type ResponseFormat } from './mediaTypes.js';

export function writeJson(response: ServerResponse, code: number, body: unknown, contentType = JSON_TYPE): void {
  const bytes = Buffer.from(JSON.stringify(body));
  response.writeHead(code, { 'Content-Type': contentType, 'Content-Length': bytes.length });
  response.end(bytes);
}

export function writeObject(response: ServerResponse, code: number, object: object, format: ResponseFormat): void {
  if (format.type === YAML_TYPE) {
    const bytes = Buffer.from(stringify(object));
    response.writeHead(code, { 'Content-Type': YAML_TYPE, 'Content-Length': bytes.length });
    response.end(bytes);
    return;
  }
  if (format.type === PROTOBUF_TYPE) {
    try {
      const bytes = Buffer.from(encodeProtobufObject(object as Record<string, unknown>));
      response.writeHead(code, { 'Content-Type': PROTOBUF_TYPE, 'Content-Length': bytes.length });
      response.end(bytes);
      return;
    } catch {
      // A kind without a protobuf schema: JSON is always understood.
    }
  }
  const served = servedBytesOf(object);
  if (served) {
    const bytes = Buffer.concat(served);
    response.writeHead(code, { 'Content-Type': JSON_TYPE, 'Content-Length': bytes.length });
    response.end(bytes);
    return;
  }
  writeJson(response, code, object);
}

export function writeStatus(response: ServerResponse, error: StatusError): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
  writeJson(response, error.code, error.status);
}

export function successStatus(details: Status['details']): object {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', ...(details ? { details } : {}) };
}
