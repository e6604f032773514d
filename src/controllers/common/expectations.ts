// Controller expectations, as upstream's (UID-tracking) ControllerExpectations: before creating
// or deleting pods a controller records how many adds and deletes it expects to see through
// its informer, keyed by the controller's `namespace/name`; it does not act again for that key
// until they have all been observed, or 5 minutes have passed (a watch event may be lost), so
// a stale cache never leads to double creation. Deletions are tracked by pod key so that a
// pod's deletion is counted once whether it is seen as terminating or as gone.

/** How long expectations hold before the controller acts anyway. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Expectation {
  adds: number;
  deletes: number;
  /** Pods whose deletion is expected and not yet observed. */
  deleting: Set<string>;
  at: number;
}

export class ControllerExpectations {
  private readonly expectations = new Map<string, Expectation>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Whether the controller may sync: nothing pending, everything observed, or expired. */
  satisfied(key: string): boolean {
    const expectation = this.expectations.get(key);
    if (!expectation) return true;
    if (expectation.adds <= 0 && expectation.deletes <= 0) return true;
    return this.now() - expectation.at > EXPECTATIONS_TIMEOUT_MS;
  }

  /** Sets the expectations (replacing any), e.g. before creating `adds` pods. */
  expectCreations(key: string, adds: number): void {
    this.set(key, adds, []);
  }

  /** Sets the expectations to the deletion of these pods (by `namespace/name`). */
  expectDeletions(key: string, podKeys: readonly string[]): void {
    this.set(key, 0, podKeys);
  }

  /** A pod the controller created appeared (or its creation failed: lower the count anyway). */
  creationObserved(key: string): void {
    const expectation = this.expectations.get(key);
    if (expectation) expectation.adds--;
  }

  /** A pod the controller deleted is terminating or gone (or its deletion failed). */
  deletionObserved(key: string, podKey: string): void {
    const expectation = this.expectations.get(key);
    if (expectation?.deleting.delete(podKey)) expectation.deletes--;
  }

  /** Lowers the expected adds by `count` (pods that were skipped and will never appear). */
  lowerCreations(key: string, count: number): void {
    const expectation = this.expectations.get(key);
    if (expectation) expectation.adds -= count;
  }

  /** Forgets the controller (when it is deleted). */
  delete(key: string): void {
    this.expectations.delete(key);
  }

  private set(key: string, adds: number, podKeys: readonly string[]): void {
    this.expectations.set(key, { adds, deletes: podKeys.length, deleting: new Set(podKeys), at: this.now() });
  }
}
