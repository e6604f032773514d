// How a simulated container answers the stream sessions that are not a new process: attach
// joins its running process (its output as it is produced, typed input to its stdin when it has
// one; the client's end of input closes it with stdinOnce), and port-forward reaches the web
// servers its pod's containers run (webServer.ts), or is refused as a closed port is.
import type { Duplex } from 'node:stream';
import type { InputPipe } from './inputPipe.js';
import type { ProcessStreams } from './streamRequest.js';
import { defaultPage, serveHttp, webServersOf, type WebServer } from './webServer.js';

/** A container's running process as attach sees it. */
export interface AttachableProcess {
  /** The streams attached now, which get what it writes. */
  attached: Set<ProcessStreams>;
  /** Its standard input, when the container has one. */
  stdin?: InputPipe;
  /** Whether the client's end of input ends the process's input. */
  stdinOnce: boolean;
  /** Resolves when the process ends. */
  exited: Promise<unknown>;
}

export async function attachTo(process: AttachableProcess, streams: ProcessStreams, signal: AbortSignal): Promise<void> {
  process.attached.add(streams);
  const detached = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  const forwardInput = async () => {
    if (!streams.stdin || !process.stdin) return;
    for (let chunk = await streams.stdin.read(signal); chunk !== undefined; chunk = await streams.stdin.read(signal)) process.stdin.write(chunk);
    if (process.stdinOnce) process.stdin.end();
  };
  forwardInput().catch(() => undefined);
  try {
    await Promise.race([process.exited, detached]);
  } finally {
    process.attached.delete(streams);
  }
}

/** One running container of a pod, as port-forward sees it. */
export interface ServingContainer {
  name: string;
  argv: string[];
  image: string;
  /** A file of the container (its own or a mounted one). */
  file(path: string): string | undefined;
}

/**
 * Answers port-forward connections to a pod: the web server on the port, in the first container
 * that runs one (a mapped container port gets kubets' page), else the refusal of a closed port.
 */
export function podForwarder(containers: ServingContainer[], mappedPorts: number[], refusal: (port: number) => string) {
  return (port: number): ((connection: Duplex) => void) | string => {
    for (const container of containers) {
      const servers: WebServer[] = webServersOf(container.argv, container.image);
      const server = servers.find((s) => s.port === port) ?? (mappedPorts.includes(port) ? { port } : undefined);
      if (!server) continue;
      return (connection) => serveHttp(connection, (path) => {
        const file = server.root === undefined ? undefined
          : container.file(`${server.root}${path.endsWith('/') ? `${path}index.html` : path}`.replace(/\/+/g, '/'));
        return file ?? (path === '/' ? defaultPage(container.name, port) : undefined);
      });
    }
    return refusal(port);
  };
}
