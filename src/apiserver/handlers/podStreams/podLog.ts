// GET pods/log: the options checked as upstream's PodLogOptions validation does, the container
// chosen, then the kubelet's /containerLogs answer streamed back as text/plain (while the
// kubelet follows, so does the client). A pod not bound to a node yet has an empty log.
import { StatusError, type StatusCause } from '../../../registry/statusError.js';
import { flag, integer, type ApiRequest } from '../request.js';
import { kubeletGet, kubeletRefusal, type KubeletClientConfig } from './kubeletConnection.js';
import { containerOf, kubeletOf, readPod } from './kubeletLocation.js';

const forwarded = ['follow', 'previous', 'timestamps', 'tailLines', 'sinceSeconds', 'sinceTime', 'limitBytes'];

function validate(query: URLSearchParams, name: string): void {
  const causes: StatusCause[] = [];
  const invalid = (field: string, value: number, why: string) => causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${value}: ${why}`, field });
  const tailLines = integer(query, 'tailLines');
  const limitBytes = integer(query, 'limitBytes');
  const sinceSeconds = integer(query, 'sinceSeconds');
  const sinceTime = query.get('sinceTime');
  flag(query, 'follow');
  if (sinceTime && Number.isNaN(Date.parse(sinceTime))) throw StatusError.badRequest(`parsing time "${sinceTime}" as "2006-01-02T15:04:05Z07:00": cannot parse "${sinceTime}" as "2006"`);
  if (tailLines !== undefined && tailLines < 0) invalid('tailLines', tailLines, 'must be greater than or equal to 0');
  if (limitBytes !== undefined && limitBytes < 1) invalid('limitBytes', limitBytes, 'must be greater than 0');
  if (sinceSeconds !== undefined && sinceTime) causes.push({ reason: 'FieldValueForbidden', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified', field: '' });
  if (sinceSeconds !== undefined && sinceSeconds < 1) invalid('sinceSeconds', sinceSeconds, 'must be greater than 0');
  if (causes.length === 0) return;
  const text = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  throw StatusError.invalid('PodLogOptions', '', name, causes, `PodLogOptions "${name}" is invalid: ${text.length === 1 ? text[0] : `[${text.join(', ')}]`}`);
}

export async function podLog(r: ApiRequest, kubelet: KubeletClientConfig): Promise<void> {
  if (r.info.verb !== 'get') throw StatusError.methodNotSupported({ group: '', resource: 'pods/log' }, r.info.verb);
  const namespace = r.info.namespace!;
  const name = r.info.name!;
  const pod = await readPod(r.registries, namespace, name);
  const container = containerOf(pod, r.query.get('container'));
  validate(r.query, name);
  const endpoint = await kubeletOf(r.registries, pod);
  if (!endpoint) return void r.response.writeHead(200, { 'Content-Type': 'text/plain' }).end();
  const query = new URLSearchParams();
  for (const key of forwarded) for (const value of r.query.getAll(key)) query.append(key, value);
  const path = `/containerLogs/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${encodeURIComponent(container)}${query.size ? `?${query}` : ''}`;
  const abort = new AbortController();
  r.response.once('close', () => abort.abort());
  const answer = await kubeletGet(endpoint, kubelet, path, abort.signal);
  if (answer.statusCode! < 200 || answer.statusCode! > 206) {
    const chunks: Buffer[] = [];
    for await (const chunk of answer) chunks.push(chunk as Buffer);
    throw kubeletRefusal(answer.statusCode!, Buffer.concat(chunks).toString(), 'pods/log', name);
  }
  r.response.writeHead(200, { 'Content-Type': 'text/plain' });
  r.response.flushHeaders();
  answer.on('error', () => r.response.destroy());
  answer.pipe(r.response);
}
