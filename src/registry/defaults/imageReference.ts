// The tag of a container image reference as the API server's defaulting reads it (docker
// reference grammar, normalised names): "latest" when there is neither tag nor digest, the tag
// when there is one, "" with a digest only or when the reference does not parse. The pull
// policy defaults to Always for "latest" and IfNotPresent otherwise.

const nameComponent = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const domain = `(?:${domainName}|${ipv6})(?::[0-9]+)?`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const referenceRe = new RegExp(`^((?:${domain}/)?${nameComponent}(?:/${nameComponent})*)(?::(${tag}))?(?:@(${digest}))?$`);

const digestLengths: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** The tag ParseImageName reports: 'latest', a tag, or '' (digest only, or unparseable). */
export function imageTag(image: string): string {
  if (/^[a-f0-9]{64}$/.test(image)) return '';
  const slash = image.indexOf('/');
  let remainder = image;
  let host = 'docker.io';
  if (slash >= 0) {
    const first = image.slice(0, slash);
    const isDomain = /[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first;
    if (isDomain) {
      host = first;
      remainder = image.slice(slash + 1);
    }
  }
  const repoPart = remainder.replace(/[:@].*$/, '');
  if (repoPart !== repoPart.toLowerCase()) return '';
  const m = referenceRe.exec(`${host}/${remainder}`);
  if (!m) return '';
  if (m[1]!.length > 255) return '';
  const dig = m[3];
  if (dig) {
    const [alg, hex] = dig.split(':') as [string, string];
    if (digestLengths[alg] === undefined || hex.length !== digestLengths[alg] || !/^[a-f0-9]+$/.test(hex)) return '';
  }
  if (m[2]) return m[2];
  return dig ? '' : 'latest';
}

/** SetDefaults_Container's imagePullPolicy for an image. */
export function defaultPullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  return imageTag(image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
}
