// A simulated process's standard input: what an exec's or attach's client sends, read by the
// process's commands (cat) chunk by chunk until the client closes it.
export class InputPipe {
  private readonly chunks: string[] = [];
  private ended = false;
  private wake?: () => void;

  write(text: string): void {
    if (this.ended || text === '') return;
    this.chunks.push(text);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  /** The next chunk, or undefined once the input has ended; rejects when the signal aborts. */
  async read(signal: AbortSignal): Promise<string | undefined> {
    while (this.chunks.length === 0 && !this.ended) {
      if (signal.aborted) throw new Error('aborted');
      await new Promise<void>((resolve, reject) => {
        const abort = () => reject(new Error('aborted'));
        this.wake = () => {
          signal.removeEventListener('abort', abort);
          this.wake = undefined;
          resolve();
        };
        signal.addEventListener('abort', abort, { once: true });
      });
    }
    return this.chunks.shift();
  }
}
