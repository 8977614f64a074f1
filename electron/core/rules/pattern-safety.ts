// Whether an admin's numberPattern can be handed to JavaScript's backtracking RegExp engine
// without a crafted caller id freezing the process (ReDoS). There is no linear-time engine
// without a native dependency, so instead the pattern is read here and refused unless its
// worst case is provably small:
//
//   - no backreferences and no lookarounds (they defeat any simple bound);
//   - a group repeated more than once holds no quantifier and no "|" — (a+)+, (a|a)*,
//     (\+?\d+[ -]?)+ — the shapes whose number of ways to match grows exponentially;
//   - what remains is a tree of choices (alternatives, and how often each quantifier repeats),
//     each taken at most once per attempt, so the ways to match a subject of at most
//     MAX_SUBJECT_LENGTH characters are at most the product of those choices. That product,
//     times the start positions, must stay under MAX_MATCH_PATHS (catches \d*\d*\d*\d*\d*x).
//
// Deliberately strict: phone number patterns need none of what is refused, and every refusal
// says what to write instead. The pattern must already compile (new RegExp, no flags).

/** The longest text a number pattern is ever tested against (see number-pattern.ts). */
export const MAX_SUBJECT_LENGTH = 32;

/** The most ways to attempt a match the checker lets a pattern have (a few ms of work). */
export const MAX_MATCH_PATHS = 100_000;

type Node =
  | { kind: 'atom'; width: number }
  | { kind: 'group'; alternatives: Node[][] }
  | { kind: 'repeat'; min: number; max: number; body: Node };

class Refused extends Error {}

/** Why the pattern may not be used, or undefined when it is safe to run. */
export function patternSafetyProblem(pattern: string): string | undefined {
  let tree: Node;
  try {
    tree = new PatternReader(pattern).read();
    checkRepeats(tree);
  } catch (error) {
    if (error instanceof Refused) return error.message;
    throw error;
  }
  const paths = waysToMatch(tree) * (MAX_SUBJECT_LENGTH + 1);
  if (paths > MAX_MATCH_PATHS) {
    return (
      `it has too many open-ended parts: a ${MAX_SUBJECT_LENGTH}-character number could be tried ` +
      `in about ${formatCount(paths)} ways (at most ${formatCount(MAX_MATCH_PATHS)}). ` +
      'Use fewer of .*, \\d+ and \\d*, or fixed counts such as \\d{8}.'
    );
  }
  return undefined;
}

const NESTED =
  'a repeated group may not contain a quantifier (as in (\\d+)+ or (\\+?\\d+[ -]?)+): a crafted ' +
  'number would make it run for hours. Repeat a character class instead, e.g. [\\d +-]+ or \\d{8,10}.';
const REPEATED_CHOICE =
  'a repeated group may not contain "|" (as in (0|00)+): the alternatives can match the same ' +
  'digits in exponentially many ways. Use a character class such as [23]+ instead.';

/** Refuses a group that repeats more than once unless every repetition can match one way only. */
function checkRepeats(node: Node): void {
  if (node.kind === 'atom') return;
  if (node.kind === 'group') {
    for (const sequence of node.alternatives) sequence.forEach(checkRepeats);
    return;
  }
  if (node.max > 1) {
    const why = variableInside(node.body);
    if (why === 'choice') throw new Refused(REPEATED_CHOICE);
    if (why === 'quantifier') throw new Refused(NESTED);
  }
  checkRepeats(node.body);
}

/** What, if anything, lets this node match in more than one way. */
function variableInside(node: Node): 'choice' | 'quantifier' | undefined {
  if (node.kind === 'atom') return undefined;
  if (node.kind === 'repeat') {
    return node.min === node.max ? variableInside(node.body) : 'quantifier';
  }
  if (node.alternatives.length > 1) return 'choice';
  for (const child of node.alternatives[0] ?? []) {
    const why = variableInside(child);
    if (why) return why;
  }
  return undefined;
}

/** Characters a node always consumes (only asked of nodes without any choice inside). */
function widthOf(node: Node): number {
  if (node.kind === 'atom') return node.width;
  if (node.kind === 'repeat') return node.min * widthOf(node.body);
  return (node.alternatives[0] ?? []).reduce((sum, child) => sum + widthOf(child), 0);
}

/** An upper bound on the ways a backtracking engine can try to match this node. */
function waysToMatch(node: Node): number {
  if (node.kind === 'atom') return 1;
  if (node.kind === 'group') {
    let sum = 0;
    for (const sequence of node.alternatives) {
      sum += sequence.reduce((product, child) => product * waysToMatch(child), 1);
    }
    return Math.max(1, sum);
  }
  if (node.max === 0) return 1;
  if (node.max === 1) return (node.min === 0 ? 1 : 0) + waysToMatch(node.body);
  // Repeated more than once: the body has no choice inside (checkRepeats), so the only choice
  // is how many times it repeats, and a subject this short fits only so many repetitions.
  const width = widthOf(node.body);
  if (width === 0) return 2;
  const most = Math.min(node.max, Math.floor(MAX_SUBJECT_LENGTH / width));
  return Math.max(1, most - node.min + 1);
}

function formatCount(n: number): string {
  return n >= 1e12 ? 'more than a trillion' : Math.round(n).toLocaleString('en-US');
}

const QUANTIFIER = /^\{(\d+)(,(\d*))?\}/;

/** Reads a JavaScript regular expression (no flags) into the tree above; throws Refused. */
class PatternReader {
  private at = 0;

  constructor(private readonly source: string) {}

  read(): Node {
    const tree = this.alternatives();
    if (this.at < this.source.length) this.unreadable();
    return tree;
  }

  private alternatives(): Node {
    const alternatives: Node[][] = [this.sequence()];
    while (this.source[this.at] === '|') {
      this.at += 1;
      alternatives.push(this.sequence());
    }
    return { kind: 'group', alternatives };
  }

  private sequence(): Node[] {
    const nodes: Node[] = [];
    while (this.at < this.source.length) {
      const ch = this.source[this.at];
      if (ch === '|' || ch === ')') break;
      nodes.push(this.quantified(this.atom()));
    }
    return nodes;
  }

  private atom(): Node {
    const ch = this.source[this.at]!;
    if (ch === '^' || ch === '$') {
      this.at += 1;
      return { kind: 'atom', width: 0 };
    }
    if (ch === '(') return this.group();
    if (ch === '[') return this.characterClass();
    if (ch === '\\') return this.escape();
    if (ch === '*' || ch === '+' || ch === '?' || QUANTIFIER.test(this.source.slice(this.at))) {
      this.unreadable();
    }
    this.at += 1;
    return { kind: 'atom', width: 1 };
  }

  private group(): Node {
    const rest = this.source.slice(this.at);
    if (/^\(\?<?[=!]/.test(rest)) {
      throw new Refused(
        'lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…)) are not allowed; match the digits themselves.',
      );
    }
    const named = /^\(\?<[A-Za-z_$][\w$]*>/.exec(rest);
    if (named) this.at += named[0].length;
    else if (rest.startsWith('(?:')) this.at += 3;
    else if (rest.startsWith('(?')) {
      throw new Refused('only plain groups (…), (?:…) and (?<name>…) are allowed.');
    } else this.at += 1;
    const inner = this.alternatives();
    if (this.source[this.at] !== ')') this.unreadable();
    this.at += 1;
    return inner;
  }

  private characterClass(): Node {
    // In JavaScript the first "]" always closes the class ([] matches nothing, [^] anything).
    this.at += 1;
    if (this.source[this.at] === '^') this.at += 1;
    while (this.at < this.source.length && this.source[this.at] !== ']') {
      this.at += this.source[this.at] === '\\' ? 2 : 1;
    }
    if (this.at >= this.source.length) this.unreadable();
    this.at += 1;
    return { kind: 'atom', width: 1 };
  }

  private escape(): Node {
    const next = this.source[this.at + 1];
    if (next === undefined) this.unreadable();
    if (/[1-9]/.test(next!) || next === 'k') {
      throw new Refused(
        `backreferences (\\${next === 'k' ? 'k<name>' : next}) are not allowed: they can make a match take exponential time.`,
      );
    }
    this.at += 2;
    // \b and \B test a position; every other escape stands for one character. (The hex digits
    // of \x41 or \u0041 are read as plain characters after it: the same cost either way.)
    return { kind: 'atom', width: next === 'b' || next === 'B' ? 0 : 1 };
  }

  private quantified(body: Node): Node {
    let node = body;
    const ch = this.source[this.at];
    let min: number;
    let max: number;
    if (ch === '*' || ch === '+' || ch === '?') {
      this.at += 1;
      [min, max] = ch === '*' ? [0, Infinity] : ch === '+' ? [1, Infinity] : [0, 1];
    } else {
      const m = QUANTIFIER.exec(this.source.slice(this.at));
      if (!m) return node;
      this.at += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      const biggest = Math.max(min, Number.isFinite(max) ? max : 0);
      if (biggest > MAX_SUBJECT_LENGTH) {
        throw new Refused(
          `the count {${m[0].slice(1, -1)}} is larger than any phone number (at most ${MAX_SUBJECT_LENGTH} characters are tested).`,
        );
      }
    }
    if (this.source[this.at] === '?') this.at += 1; // lazy: the same choices, tried in another order
    node = { kind: 'repeat', min, max, body };
    if (/^[*+?]|^\{\d/.test(this.source.slice(this.at))) this.unreadable();
    return node;
  }

  private unreadable(): never {
    throw new Refused(
      `it could not be read at position ${this.at + 1}; only plain regular expressions are allowed.`,
    );
  }
}
