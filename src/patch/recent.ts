// A memo for pure functions of strings that a server sees over and over (manager identities,
// entry times, FieldsV1 keys): it forgets everything at once when it holds too many.
const LIMIT = 1024;

export class Recent<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly compute: (key: string) => T) {}

  get(key: string): T {
    let v = this.map.get(key);
    if (v === undefined && !this.map.has(key)) {
      v = this.compute(key);
      if (this.map.size >= LIMIT) this.map.clear();
      this.map.set(key, v);
    }
    return v as T;
  }
}
