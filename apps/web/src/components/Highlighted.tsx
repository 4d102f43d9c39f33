import type { ReactNode } from 'react';

export interface Mark {
  phrase: string;
  kind: 'deadline' | 'target' | 'unit';
}

const STYLE: Record<Mark['kind'], React.CSSProperties> = {
  deadline: { background: '#fff1b8', borderBottom: '2px solid #faad14' },
  target: { background: '#d9f7be', borderBottom: '2px solid #52c41a' },
  unit: { background: '#d6e4ff', borderBottom: '2px solid #2f54eb' },
};
const TITLE: Record<Mark['kind'], string> = { deadline: '时限', target: '指标', unit: '责任单位' };

/** Text with the parser's findings marked; React escapes every piece, so the text can hold anything. */
export function Highlighted({ text, marks }: { text: string; marks: Mark[] }) {
  const found: { start: number; end: number; kind: Mark['kind'] }[] = [];
  for (const m of marks) {
    if (!m.phrase) continue;
    let from = 0;
    for (;;) {
      const at = text.indexOf(m.phrase, from);
      if (at < 0) break;
      const end = at + m.phrase.length;
      if (!found.some((f) => at < f.end && end > f.start)) found.push({ start: at, end, kind: m.kind });
      from = end;
    }
  }
  found.sort((a, b) => a.start - b.start);
  const parts: ReactNode[] = [];
  let pos = 0;
  for (const f of found) {
    if (f.start > pos) parts.push(text.slice(pos, f.start));
    parts.push(
      <mark key={f.start} style={{ ...STYLE[f.kind], padding: '0 1px' }} title={TITLE[f.kind]} data-kind={f.kind}>
        {text.slice(f.start, f.end)}
      </mark>,
    );
    pos = f.end;
  }
  if (pos < text.length) parts.push(text.slice(pos));
  return <>{parts}</>;
}

export function Legend() {
  return (
    <span style={{ fontSize: 12 }}>
      {(Object.keys(STYLE) as Mark['kind'][]).map((k) => (
        <mark key={k} style={{ ...STYLE[k], marginRight: 8, padding: '0 4px' }}>
          {TITLE[k]}
        </mark>
      ))}
    </span>
  );
}
