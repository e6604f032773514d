// client-node makes a new https.Agent for every request, so each request pays a TLS handshake
// and a fresh secure context (parsing the client key again): a controller or node agent
// spends more time on that than on its work. reuseConnections makes a KubeConfig hand out one
// keep-alive agent per cluster and credentials instead, so requests share connections, as
// client-go's transport does: its TLS context is made once, and at most 64 connections stay
// open to a server. Proxied clusters keep client-node's own agents.
import type { KubeConfig } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { Agent, type AgentOptions } from 'node:https';
import { createSecureContext } from 'node:tls';

type AgentFactory = (cluster: { server: string; proxyUrl?: string } | null, options: AgentOptions) => unknown;
const REUSING = Symbol('kubets.reuseConnections');
const MAX_SOCKETS = 64;

export function reuseConnections(kubeConfig: KubeConfig): KubeConfig {
  const target = kubeConfig as unknown as { createAgent: AgentFactory; [REUSING]?: boolean };
  if (target[REUSING]) return kubeConfig;
  const original = target.createAgent.bind(kubeConfig);
  const agents = new Map<string, Agent>();
  target.createAgent = (cluster, options) => {
    if (!cluster?.server.startsWith('https:') || cluster.proxyUrl) return original(cluster, options);
    const identity = createHash('sha256')
      .update(JSON.stringify([cluster.server, String(options.ca ?? ''), String(options.cert ?? ''), String(options.key ?? ''), options.rejectUnauthorized]))
      .digest('hex');
    let agent = agents.get(identity);
    if (!agent) {
      const { ca, cert, key, pfx, passphrase, ...rest } = options;
      const secureContext = createSecureContext({ ca, cert, key, pfx, passphrase });
      agent = new Agent({ ...rest, secureContext, keepAlive: true, maxSockets: MAX_SOCKETS });
      agents.set(identity, agent);
    }
    return agent;
  };
  target[REUSING] = true;
  return kubeConfig;
}
