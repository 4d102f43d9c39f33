// A small element tree built from htmlparser2's streaming parser, for both OOXML and HTML.
// Our own node type keeps the code independent of domhandler and easy to walk iteratively.
import type * as Htmlparser2 from 'htmlparser2';
import { nativeRequire } from '@duban/native-require';

export interface XElement {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  parent: XElement | null;
}
export type XNode = XElement | string;

let parserModule: typeof Htmlparser2 | undefined;
function htmlparser2(): typeof Htmlparser2 {
  // ESM-only package: loaded with Node's own require (see native-require.ts)
  parserModule ??= nativeRequire('htmlparser2') as typeof Htmlparser2;
  return parserModule;
}

/** Maximum element nesting kept; deeper elements are flattened into their ancestor. */
const MAX_DEPTH = 400;

/** Parses XML (xmlMode) or HTML into a tree rooted at a synthetic '#root' element. */
export function parseTree(source: string, xmlMode: boolean): XElement {
  const root: XElement = { name: '#root', attrs: {}, children: [], parent: null };
  let current = root;
  let depth = 0;
  let overflow = 0;
  const { Parser } = htmlparser2();
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (depth >= MAX_DEPTH) {
          overflow++;
          return;
        }
        const el: XElement = { name, attrs: { ...attribs }, children: [], parent: current };
        current.children.push(el);
        current = el;
        depth++;
      },
      onclosetag() {
        if (overflow > 0) {
          overflow--;
          return;
        }
        if (current.parent) {
          current = current.parent;
          depth--;
        }
      },
      ontext(data) {
        const last = current.children[current.children.length - 1];
        if (typeof last === 'string') current.children[current.children.length - 1] = last + data;
        else current.children.push(data);
      },
    },
    { xmlMode, decodeEntities: true, lowerCaseTags: !xmlMode, lowerCaseAttributeNames: !xmlMode },
  );
  parser.write(source);
  parser.end();
  return root;
}

export function elementChildren(el: XElement): XElement[] {
  return el.children.filter((c): c is XElement => typeof c !== 'string');
}

/** Concatenated text of all descendants (iterative: documents can nest deeply). */
export function textContent(el: XElement): string {
  let out = '';
  const stack: XNode[] = [el];
  while (stack.length) {
    const node = stack.pop() as XNode;
    if (typeof node === 'string') out += node;
    else for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return out;
}
