/** Display width of a string in a terminal: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6);
    width += wide ? 2 : 1;
  }
  return width;
}

const pad = (text: string, width: number, right: boolean): string => {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
};

/** Aligned text table; numeric columns (every cell a number) are right-aligned. */
export function formatTable(headers: string[], rows: (string | number)[][]): string[] {
  const cells = rows.map((r) => r.map(String));
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i] ?? ''))));
  const numeric = headers.map((_, i) => cells.length > 0 && cells.every((r) => /^-?\d+(\.\d+)?%?$/.test(r[i] ?? '')));
  const line = (r: string[]) =>
    r
      .map((c, i) => pad(c, widths[i], numeric[i]))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)];
}

/**
 * The demo's output: a short report in Chinese, one numbered heading per step, indented lines and
 * aligned tables. Everything the demo prints goes through here (tests pass their own writer).
 */
export class DemoReport {
  private steps = 0;
  readonly warnings: string[] = [];

  constructor(private readonly write: (line: string) => void = (line) => console.log(line)) {}

  title(text: string): void {
    this.write(text);
  }

  step(title: string): void {
    this.steps += 1;
    this.write(`\n${this.steps}. ${title}`);
  }

  line(text: string): void {
    this.write(`   ${text}`);
  }

  table(headers: string[], rows: (string | number)[][]): void {
    for (const l of formatTable(headers, rows)) this.write(`   ${l}`);
  }

  warn(text: string): void {
    this.warnings.push(text);
    this.write(`   ⚠ ${text}`);
  }
}
