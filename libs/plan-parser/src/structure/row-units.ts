// Units and leaders named in task-table cells: `基教科、体卫艺科`, `各中小学（幼儿园）`, `张明、李华`.
import type { PointUnit, UnitRole } from '../types';

const NAME_SPLIT = /[、，,；;/\s\u3000]+/;
const ROLE_IN_BRACKETS = /[（(](牵头|主责|负责|配合|协办|协助|参与)[)）]$/;
const ROLE_OF: Record<string, UnitRole> = {
  牵头: 'lead',
  主责: 'lead',
  负责: 'lead',
  配合: 'cooperating',
  协办: 'cooperating',
  协助: 'cooperating',
  参与: 'cooperating',
};

/** Names in a cell, split on 、，；/ and spaces; a trailing 等 and a leading 由 trimmed. */
export function splitNames(cell: string): string[] {
  const out: string[] = [];
  for (const part of cell.split(NAME_SPLIT)) {
    const name = part.replace(/^由/, '').replace(/等$/, '');
    if (name.length > 0) out.push(name);
  }
  return out;
}

/** The lead column's names are lead, the cooperating column's cooperating; `X（牵头）` overrides. */
export function rowUnits(lead: string[], coop: string[]): PointUnit[] {
  const out: PointUnit[] = [];
  const seen = new Set<string>();
  const add = (cells: string[], role: UnitRole): void => {
    for (const cell of cells) {
      for (const raw of splitNames(cell)) {
        const m = ROLE_IN_BRACKETS.exec(raw);
        const name = m ? raw.slice(0, m.index) : raw;
        const r = m ? (ROLE_OF[m[1] as string] ?? role) : role;
        const key = `${name}\u0000${r}`;
        if (name.length === 0 || seen.has(key)) continue;
        seen.add(key);
        out.push({ name, role: r });
      }
    }
  };
  add(lead, 'lead');
  add(coop, 'cooperating');
  return out;
}
