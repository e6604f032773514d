// Warning response headers as kube-apiserver writes them (k8s.io/apimachinery's
// NewWarningHeader and the apiserver's per-request warning recorder):
//   Warning: 299 - "unknown field \"spec.foo\""
// Code 299, agent "-", the text quoted with only `"` and `\` escaped. A text that is not valid
// UTF-8 or holds a control character cannot be sent and is dropped. The recorder drops repeated
// texts; past 4096 runes of text in all it cuts every warning to 256 runes, and once over the
// limit while cutting it drops the rest.

/** Rune budget for all warning texts of one response before they are truncated. */
export const WARNING_TOTAL_RUNES = 4 * 1024;
/** Runes each warning keeps once truncation started. */
export const WARNING_ITEM_RUNES = 256;

/** unicode.IsControl: C0, DEL and C1. */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The Warning header value for a text (`299 - "..."`), or undefined when it cannot be sent. */
export function warningHeaderValue(text: string, agent = '-'): string | undefined {
  if (agent === '') agent = '-';
  if (hasControl(text) || LONE_SURROGATE.test(text)) return undefined;
  if (/[\s"\\]/u.test(agent) || hasControl(agent) || LONE_SURROGATE.test(agent)) return undefined;
  return `299 ${agent} "${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

function runes(s: string): string[] {
  return Array.from(s);
}

/**
 * Collects one response's warnings as the apiserver's recorder does; `headerValues()` are the
 * Warning header values to send, in order.
 */
export class WarningRecorder {
  private readonly recorded = new Set<string>();
  private readonly ordered: Array<{ agent: string; text: string }> = [];
  private readonly headers: string[] = [];
  private written = 0;
  private truncating = false;

  add(text: string, agent = ''): void {
    if (text.length === 0) return;
    if (this.written >= WARNING_TOTAL_RUNES && this.truncating) return;
    if (this.recorded.has(text)) return;
    this.recorded.add(text);
    this.ordered.push({ agent, text });

    let chars = runes(text);
    if (this.truncating && chars.length > WARNING_ITEM_RUNES) chars = chars.slice(0, WARNING_ITEM_RUNES);
    const header = warningHeaderValue(chars.join(''), agent);
    if (header === undefined) return;
    if (this.written + chars.length <= WARNING_TOTAL_RUNES || this.truncating) {
      this.written += chars.length;
      this.headers.push(header);
      return;
    }
    // over the budget: from now on every warning is cut, the earlier ones too
    this.truncating = true;
    this.written = 0;
    this.headers.length = 0;
    for (const w of this.ordered) {
      const cut = runes(w.text).slice(0, WARNING_ITEM_RUNES);
      const value = warningHeaderValue(cut.join(''), w.agent);
      if (value !== undefined) {
        this.written += cut.length;
        this.headers.push(value);
      }
    }
  }

  headerValues(): string[] {
    return [...this.headers];
  }
}
