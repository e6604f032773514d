// The anchor for the GET benchmark: a bare Node HTTPS server, one process, answering every
// request with the same bytes and Content-Type kubets answered, on the same certificate and
// key. Usage: bareServer.ts CERT KEY BODY_FILE CONTENT_TYPE; prints its port once listening.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';

const [certFile, keyFile, bodyFile, contentType] = process.argv.slice(2);
const body = readFileSync(bodyFile);
const server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (_request, response) => {
  response.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length });
  response.end(body);
});
server.keepAliveTimeout = 120_000;
server.listen(0, '127.0.0.1', () => console.log(`bare server listening on ${(server.address() as AddressInfo).port}`));
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
