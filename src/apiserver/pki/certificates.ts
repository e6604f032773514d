// The cluster's certificates: a CA of its own, the API server's serving certificate, and an
// admin client certificate (group system:masters). Made once and kept in the data directory,
// so clients keep trusting the server across restarts.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const tenYears = 10 * 365 * 24 * 3600 * 1000;

export interface KeyPair {
  certificate: string;
  key: string;
}

export interface ClusterCertificates {
  ca: KeyPair;
  server: KeyPair;
  admin: KeyPair;
}

async function newKeys(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

async function pemKey(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function importKey(pem: string): Promise<CryptoKey> {
  return webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(pem), algorithm, true, ['sign']);
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');
}

async function makeCa(): Promise<KeyPair> {
  const keys = await newKeys();
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=kubets-ca',
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + tenYears),
    keys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate: certificate.toString('pem'), key: await pemKey(keys.privateKey) };
}

async function issue(ca: KeyPair, subject: string, usage: 'server' | 'client', altNames: x509.JsonGeneralNames = []): Promise<KeyPair> {
  const keys = await newKeys();
  const caCert = new x509.X509Certificate(ca.certificate);
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: caCert.subject,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + tenYears),
    publicKey: keys.publicKey,
    signingKey: await importKey(ca.key),
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
      ...(altNames.length > 0 ? [new x509.SubjectAlternativeNameExtension(altNames)] : []),
    ],
  });
  return { certificate: certificate.toString('pem'), key: await pemKey(keys.privateKey) };
}

/** The names the serving certificate is valid for. */
export function servingNames(extraNames: string[] = []): x509.JsonGeneralNames {
  const dns = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];
  const ips = ['127.0.0.1', '::1'];
  return [
    ...[...dns, ...extraNames.filter((n) => !/^[\d.:]+$/.test(n))].map((value) => ({ type: 'dns' as const, value })),
    ...[...ips, ...extraNames.filter((n) => /^[\d.:]+$/.test(n))].map((value) => ({ type: 'ip' as const, value })),
  ];
}

function load(dir: string, name: string): KeyPair | undefined {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  if (!existsSync(cert) || !existsSync(key)) return undefined;
  return { certificate: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}

function save(dir: string, name: string, pair: KeyPair): KeyPair {
  writeFileSync(join(dir, `${name}.crt`), pair.certificate);
  writeFileSync(join(dir, `${name}.key`), pair.key, { mode: 0o600 });
  return pair;
}

/** Loads the cluster's certificates from `dir`, making the missing ones. */
/** `serviceIPs`: the `kubernetes` Service's address, which in-cluster clients dial. */
export async function ensureCertificates(dir: string, serviceIPs: string[] = []): Promise<ClusterCertificates> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = load(dir, 'ca') ?? save(dir, 'ca', await makeCa());
  const server = load(dir, 'apiserver') ?? save(dir, 'apiserver', await issue(ca, 'CN=kube-apiserver', 'server', servingNames(serviceIPs)));
  const admin = load(dir, 'admin') ?? save(dir, 'admin', await issue(ca, 'CN=kubernetes-admin, O=system:masters', 'client'));
  return { ca, server, admin };
}
