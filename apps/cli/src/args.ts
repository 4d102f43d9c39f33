/** Splits argv into positional words and --flags (`--format md`, `--format=md`, `--json`). */
export function parseArgs(argv: string[]): { words: string[]; flags: Map<string, string | true> } {
  const words: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const next = argv[i + 1];
    if (inline !== undefined) flags.set(name, inline);
    else if (VALUE_FLAGS.has(name) && next !== undefined && !next.startsWith('--')) flags.set(name, argv[++i]);
    else flags.set(name, true);
  }
  return { words, flags };
}

const VALUE_FLAGS = new Set(['format', 'port', 'count', 'from', 'to', 'plan', 'date']);
