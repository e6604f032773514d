// A field path as upstream prints it in validation errors: `spec.containers[0].image`,
// `metadata.labels[app]`, `spec.resources[storage]`. Children join with '.', indexes and map
// keys go in brackets; a root with an empty name prints as `[]` (upstream does the same).

export class FieldPath {
  private constructor(
    private readonly parent: FieldPath | undefined,
    private readonly name: string,
    private readonly index: string,
  ) {}

  /** A root path, optionally followed by more child names: `FieldPath.of('spec', 'selector')`. */
  static of(name: string, ...more: string[]): FieldPath {
    let path = new FieldPath(undefined, name, '');
    for (const next of more) path = new FieldPath(path, next, '');
    return path;
  }

  child(name: string, ...more: string[]): FieldPath {
    let path = new FieldPath(this, name, '');
    for (const next of more) path = new FieldPath(path, next, '');
    return path;
  }

  at(index: number): FieldPath {
    return new FieldPath(this, '', String(index));
  }

  key(key: string): FieldPath {
    return new FieldPath(this, '', key);
  }

  toString(): string {
    const elems: FieldPath[] = [this];
    for (let p = this.parent; p; p = p.parent) elems.push(p);
    let out = '';
    for (let i = elems.length - 1; i >= 0; i--) {
      const p = elems[i]!;
      if (p.parent && p.name.length > 0) out += '.';
      out += p.name.length > 0 ? p.name : `[${p.index}]`;
    }
    return out;
  }
}
