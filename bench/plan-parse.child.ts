// Runs one measured job in a fresh process so that its peak RSS is its own.
import { parsePlanText } from '@duban/plan-parser';
import { readFileSync } from 'node:fs';
import { classifyLines } from './line-classifier';

const [mode, file] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const before = process.memoryUsage().rss;
const result = mode === 'parse' ? parsePlanText({ text, encoding: 'utf-8', format: 'txt' }).sections.length : classifyLines(text).headings;
process.stdout.write(JSON.stringify({ result, rssBefore: before, maxRss: process.resourceUsage().maxRSS * 1024 }));
