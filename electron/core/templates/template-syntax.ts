// The template language shared by URL and program templates:
//   {name}          a placeholder
//   {name|format}   a placeholder in a given format (see template-values.ts for the list)
//   {{ and }}       a literal { and }
// Parsing never throws; every mistake becomes a problem string the settings UI can show.

export type TemplateSegment =
  | { kind: 'text'; text: string; start: number }
  | {
      kind: 'placeholder';
      name: string;
      format: string | undefined;
      source: string;
      start: number;
    };

export interface ParsedTemplate {
  segments: TemplateSegment[];
  problems: string[];
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_-]+)*$/;
const FORMAT = /^[A-Za-z0-9_-]+$/;

export function parseTemplate(template: string): ParsedTemplate {
  const segments: TemplateSegment[] = [];
  const problems: string[] = [];
  let text = '';
  let textStart = 0;
  const flushText = (next: number): void => {
    if (text !== '') segments.push({ kind: 'text', text, start: textStart });
    text = '';
    textStart = next;
  };

  let i = 0;
  while (i < template.length) {
    const ch = template[i];
    if (ch === '{' && template[i + 1] === '{') {
      text += '{';
      i += 2;
      continue;
    }
    if (ch === '}' && template[i + 1] === '}') {
      text += '}';
      i += 2;
      continue;
    }
    if (ch === '}') {
      problems.push(
        `A "}" at position ${i + 1} has no matching "{" (write }} for a literal brace).`,
      );
      i += 1;
      continue;
    }
    if (ch !== '{') {
      text += ch;
      i += 1;
      continue;
    }
    const close = template.indexOf('}', i + 1);
    const nextOpen = template.indexOf('{', i + 1);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      problems.push(`A "{" at position ${i + 1} is not closed (write {{ for a literal brace).`);
      text += ch;
      i += 1;
      continue;
    }
    const source = template.slice(i, close + 1);
    const inner = source.slice(1, -1).trim();
    const bar = inner.indexOf('|');
    const name = (bar === -1 ? inner : inner.slice(0, bar)).trim();
    const format = bar === -1 ? undefined : inner.slice(bar + 1).trim();
    if (!NAME.test(name)) {
      problems.push(
        `"${source}" is not a placeholder name (letters, digits, _ and dots, like {e164} or {config.agent.id}).`,
      );
    } else if (format !== undefined && !FORMAT.test(format)) {
      problems.push(`"${source}" has an empty or malformed format after "|".`);
    }
    flushText(i);
    segments.push({ kind: 'placeholder', name, format, source, start: i });
    i = close + 1;
    textStart = i;
  }
  flushText(i);
  return { segments, problems };
}

export function placeholdersOf(
  parsed: ParsedTemplate,
): Extract<TemplateSegment, { kind: 'placeholder' }>[] {
  return parsed.segments.filter(
    (s): s is Extract<TemplateSegment, { kind: 'placeholder' }> => s.kind === 'placeholder',
  );
}
