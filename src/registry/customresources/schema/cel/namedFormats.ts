// The Kubernetes format CEL library: `format.dns1123Label()` and the other named formats (or
// `format.named("<name>")`, an optional), whose validate(string) gives optional.none() for a
// valid string and otherwise the list of what is wrong, in the words of the API's own checks.
import { Optional, type Environment } from '@marcbachmann/cel-js';
import {
  isQualifiedName, isValidLabelValue, nameIsDNS1035Label, nameIsDNSLabel, nameIsDNSSubdomain,
} from '../../../validation/index.js';
import { checkFormat } from '../formats.js';

export class NamedFormat {
  constructor(readonly name: string, readonly check: (value: string) => string[]) {}
}

/** The `format` namespace's functions are methods of this object. */
export class FormatLibrary {}

const unless = (format: string, problem: string) => (value: string) => (checkFormat(format, value) ? [] : [problem]);

function requestURI(value: string): string[] {
  const absolute = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value) && URL.canParse(value);
  return absolute || value.startsWith('/') ? [] : [`parse ${JSON.stringify(value)}: invalid URI for request`];
}

const FORMATS: Record<string, NamedFormat> = {
  dns1123Label: new NamedFormat('DNS1123Label', (v) => nameIsDNSLabel(v, false)),
  dns1123Subdomain: new NamedFormat('DNS1123Subdomain', (v) => nameIsDNSSubdomain(v, false)),
  dns1035Label: new NamedFormat('DNS1035Label', (v) => nameIsDNS1035Label(v, false)),
  qualifiedName: new NamedFormat('QualifiedName', isQualifiedName),
  dns1123LabelPrefix: new NamedFormat('DNS1123LabelPrefix', (v) => nameIsDNSLabel(v, true)),
  dns1123SubdomainPrefix: new NamedFormat('DNS1123SubdomainPrefix', (v) => nameIsDNSSubdomain(v, true)),
  dns1035LabelPrefix: new NamedFormat('DNS1035LabelPrefix', (v) => nameIsDNS1035Label(v, true)),
  labelValue: new NamedFormat('LabelValue', isValidLabelValue),
  uri: new NamedFormat('URI', requestURI),
  uuid: new NamedFormat('uuid', unless('uuid', 'does not match the UUID format')),
  byte: new NamedFormat('byte', unless('byte', 'invalid base64')),
  date: new NamedFormat('date', unless('date', 'invalid date')),
  datetime: new NamedFormat('datetime', unless('date-time', 'invalid datetime')),
};

export function registerFormatLibrary(env: Environment): void {
  env
    .registerType('kubernetes.FormatLibrary', FormatLibrary)
    .registerType('kubernetes.NamedFormat', NamedFormat)
    .registerConstant('format', 'kubernetes.FormatLibrary', new FormatLibrary())
    .registerFunction('kubernetes.FormatLibrary.named(string): optional<kubernetes.NamedFormat>', (_lib: FormatLibrary, name: string) => {
      const format = Object.hasOwn(FORMATS, name) ? FORMATS[name] : undefined;
      return format ? Optional.of(format) : Optional.none();
    })
    .registerFunction('kubernetes.NamedFormat.validate(string): optional<list<string>>', (format: NamedFormat, value: string) => {
      const problems = format.check(value);
      return problems.length === 0 ? Optional.none() : Optional.of(problems);
    })
    // Rules compare validate()'s result with null; CEL's equality makes a value equal to null
    // only when it is null itself, which an optional never is.
    .registerOperator('optional<list<string>> == null', () => false);
  for (const [name, format] of Object.entries(FORMATS)) {
    env.registerFunction(`kubernetes.FormatLibrary.${name}(): kubernetes.NamedFormat`, () => format);
  }
}
