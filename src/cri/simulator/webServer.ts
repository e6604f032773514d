// The web servers of simulated containers, which port-forward reaches: busybox `httpd` in a
// container's command (its -p port, 80 by default; pages from its -h directory, /www by
// default), nginx (the image, or an nginx command: port 80, pages from /usr/share/nginx/html),
// and any container port the pod maps. Each answers HTTP/1.1 GETs (one per connection) from the
// container's simulated files: the file asked for (index.html for a directory), else for `/` a
// page of kubets' own naming the container and port, else 404.
import type { Duplex } from 'node:stream';

export interface WebServer {
  port: number;
  /** The directory pages come from; none: only kubets' own page. */
  root?: string;
}

const basename = (word: string) => word.replace(/^.*\//, '');

/** The web servers a container runs, by its command and its image reference. */
export function webServersOf(argv: string[], image: string): WebServer[] {
  const servers: WebServer[] = [];
  const words = argv.join(' ').split(/[\s;&|]+/).filter(Boolean);
  const httpd = words.findIndex((word) => basename(word) === 'httpd');
  if (httpd >= 0) {
    let port = 80;
    let root = '/www';
    for (let i = httpd + 1; i < words.length; i++) {
      const [flag, attached] = [words[i].slice(0, 2), words[i].slice(2)];
      if (flag !== '-p' && flag !== '-h') continue;
      const value = attached || words[++i] || '';
      if (flag === '-p') port = Number(value.replace(/^.*:/, '')) || port;
      else root = value;
    }
    servers.push({ port, root });
  }
  if (words.some((word) => basename(word) === 'nginx') || /(^|\/)nginx(:|@|$)/.test(image)) servers.push({ port: 80, root: '/usr/share/nginx/html' });
  return servers;
}

function answer(code: number, reason: string, body: string): string {
  return `HTTP/1.1 ${code} ${reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** kubets' own page for a server without the file asked for `/`. */
export function defaultPage(container: string, port: number): string {
  return `<!DOCTYPE html>\n<html><head><title>kubets</title></head><body><h1>kubets simulated web server</h1><p>container ${container}, port ${port}</p></body></html>\n`;
}

/** Answers the HTTP request that comes on a connection, with `page(path)` or 404, and ends it. */
export function serveHttp(connection: Duplex, page: (path: string) => string | undefined): void {
  let received = '';
  const onData = (chunk: Buffer) => {
    received += chunk.toString('latin1');
    if (!received.includes('\r\n\r\n')) return;
    connection.off('data', onData);
    const [method, target = '/'] = received.slice(0, received.indexOf('\r\n')).split(' ');
    const path = decodeURIComponent(target.split('?')[0]);
    const body = method === 'GET' || method === 'HEAD' ? page(path) : undefined;
    const response = body === undefined ? answer(404, 'Not Found', '404 Not Found\n') : answer(200, 'OK', body);
    connection.end(method === 'HEAD' ? response.slice(0, response.indexOf('\r\n\r\n') + 4) : response);
  };
  connection.on('data', onData);
}
