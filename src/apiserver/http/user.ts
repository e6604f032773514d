// Who sent a request, from its TLS client certificate (CN is the user name, O the groups),
// as upstream's x509 authenticator reads it. Without a verified certificate the request is
// anonymous. (Tokens and authorization come with the authentication work.)
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
}

const users = new WeakMap<TLSSocket, UserInfo>();

/** The user of a connection, read once per TLS connection. */
export function userOf(request: IncomingMessage): UserInfo {
  const socket = request.socket as TLSSocket;
  let user = users.get(socket);
  if (!user) {
    user = certificateUser(socket);
    users.set(socket, user);
  }
  return user;
}

function certificateUser(socket: TLSSocket): UserInfo {
  const certificate = socket.authorized ? socket.getPeerCertificate?.() : undefined;
  if (!certificate?.subject?.CN) return { username: 'system:anonymous', groups: ['system:unauthenticated'] };
  const list = (value: string | string[] | undefined) => (Array.isArray(value) ? value : value ? [value] : []);
  return { username: list(certificate.subject.CN)[0], groups: [...list(certificate.subject.O), 'system:authenticated'] };
}
