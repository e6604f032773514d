// The string formats a CustomResourceDefinition schema may name and what each accepts (the
// kube-openapi strfmt registry apiextensions-apiserver validates with). Unknown formats pass.
import { isIPv4, isIPv6 } from 'node:net';

const uuid = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const uuidVersion = (v: string) => new RegExp(`^[0-9a-f]{8}-?[0-9a-f]{4}-?${v}[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$`, 'i');
const hostname = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?$/;
const email = /^[^\s@]+@[^\s@]+$/;
const date = /^\d{4}-\d{2}-\d{2}$/;
const dateTime = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})?$/;
const mac = /^(?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/;
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const duration = /^(?:[-+]?\d+(?:\.\d+)?\s*(?:ns|us|µs|ms|s|m|h|d|w)\s*)+$/;
const hexColor = /^#?(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

function cidr(value: string): boolean {
  const [ip, bits, ...rest] = value.split('/');
  if (rest.length > 0 || ip === undefined || bits === undefined || !/^\d+$/.test(bits)) return false;
  if (isIPv4(ip)) return Number(bits) <= 32;
  return isIPv6(ip) && Number(bits) <= 128;
}

const checks: Record<string, (value: string) => boolean> = {
  email: (v) => email.test(v),
  hostname: (v) => v.length <= 255 && hostname.test(v),
  ipv4: (v) => isIPv4(v),
  ipv6: (v) => isIPv6(v),
  cidr,
  mac: (v) => mac.test(v),
  uuid: (v) => uuid.test(v),
  uuid3: (v) => uuidVersion('3').test(v),
  uuid4: (v) => uuidVersion('4').test(v),
  uuid5: (v) => uuidVersion('5').test(v),
  date: (v) => date.test(v) && !Number.isNaN(Date.parse(v)),
  'date-time': (v) => dateTime.test(v),
  datetime: (v) => dateTime.test(v),
  byte: (v) => base64.test(v),
  duration: (v) => duration.test(v),
  hexcolor: (v) => hexColor.test(v),
  uri: (v) => URL.canParse(v),
};

/** Whether a string is valid in the named format (true for formats not checked). */
export function checkFormat(format: string, value: string): boolean {
  const check = checks[format];
  return check === undefined || check(value);
}
