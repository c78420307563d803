/**
 * Pulp's `q` filter: other filters combined with NOT, AND, OR and parentheses, e.g.
 * `state="failed" OR (state="canceled" AND NOT name__contains=purge)`. NOT binds tightest, then AND, then OR.
 * Complexity = filter expressions + NOTs + AND/OR groups (a chain of one operator counts once); at most 8.
 * The grammar is pulpcore's (filters.py ExpressionFilterField.clean): operators in upper case only, unquoted
 * values limited to letters, digits and `.,_-*`, anything else quoted; every failure is "Syntax error in expression.".
 */

export type Leaf<P> = (name: string, value: string) => P;

type Node = {kind: 'leaf'; name: string; value: string} | {kind: 'not'; child: Node} | {kind: 'and' | 'or'; children: Node[]};

export class QSyntaxError extends Error {}

export const MAX_COMPLEXITY = 8;

/** One filter expression's value: a word of pyparsing's alphanums, alphas8bit and `.,_-*`, or a quoted string. */
const WORD = /[A-Za-z0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF.,_\-*]+/y;
/** pyparsing's quoted_string (double or single quotes, backslash escapes kept, no line breaks). */
const QUOTED = /"(?:[^"\n\r\\]|""|\\(?:[^x]|x[0-9a-fA-F]+))*"|'(?:[^'\n\r\\]|''|\\(?:[^x]|x[0-9a-fA-F]+))*'/y;
/** The filter name: a letter, then letters, digits and underscores. */
const SLUG = /[A-Za-z][A-Za-z0-9_]*/y;
/** pyparsing's Keyword: exact, upper case, not inside a longer identifier. */
const KEYWORD = /(NOT|AND|OR)(?![A-Za-z0-9_$])/y;

type Token = {kind: 'open' | 'close'} | {kind: 'keyword'; word: 'NOT' | 'AND' | 'OR'} | {kind: 'leaf'; name: string; value: string};

const SYNTAX_ERROR = 'Syntax error in expression.';

/** Splits a q expression as pulpcore's pyparsing grammar does (filters.py ExpressionFilterField.clean). */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  const sticky = (pattern: RegExp) => {
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (match) position = pattern.lastIndex;
    return match?.[0];
  };
  const skipSpace = () => {
    while (position < text.length && /\s/.test(text[position])) position++;
  };
  for (skipSpace(); position < text.length; skipSpace()) {
    const char = text[position];
    if (char === '(' || char === ')') {
      tokens.push({kind: char === '(' ? 'open' : 'close'});
      position++;
      continue;
    }
    const start = position;
    const keyword = sticky(KEYWORD);
    if (keyword !== undefined) {
      // `AND=x` is a filter named AND, not the operator
      skipSpace();
      if (text[position] !== '=') {
        tokens.push({kind: 'keyword', word: keyword as 'NOT' | 'AND' | 'OR'});
        continue;
      }
      position = start;
    }
    const name = sticky(SLUG);
    if (name === undefined) throw new QSyntaxError(SYNTAX_ERROR);
    skipSpace();
    if (text[position] !== '=') throw new QSyntaxError(SYNTAX_ERROR);
    position++;
    skipSpace();
    const word = sticky(WORD);
    if (word !== undefined) {
      tokens.push({kind: 'leaf', name, value: word});
      continue;
    }
    const quoted = sticky(QUOTED);
    if (quoted === undefined) throw new QSyntaxError(SYNTAX_ERROR);
    tokens.push({kind: 'leaf', name, value: quoted.slice(1, -1)}); // remove_quotes: the quotes only, escapes kept
  }
  return tokens;
}

function parse(tokens: Token[]): Node {
  let index = 0;
  const keyword = (word: string) => {
    const token = tokens[index];
    return token !== undefined && token.kind === 'keyword' && token.word === word;
  };

  const primary = (): Node => {
    const token = tokens[index++];
    if (token === undefined) throw new QSyntaxError(SYNTAX_ERROR);
    if (token.kind === 'open') {
      const inner = orExpression();
      if (tokens[index++]?.kind !== 'close') throw new QSyntaxError(SYNTAX_ERROR);
      return inner;
    }
    if (token.kind !== 'leaf') throw new QSyntaxError(SYNTAX_ERROR);
    return {kind: 'leaf', name: token.name, value: token.value};
  };
  const unary = (): Node => {
    if (keyword('NOT')) {
      index++;
      return {kind: 'not', child: unary()};
    }
    return primary();
  };
  const chain = (word: 'AND' | 'OR', next: () => Node): Node => {
    const children = [next()];
    while (keyword(word)) {
      index++;
      children.push(next());
    }
    return children.length === 1 ? children[0] : {kind: word === 'AND' ? 'and' : 'or', children};
  };
  const andExpression = () => chain('AND', unary);
  const orExpression = (): Node => chain('OR', andExpression);

  const root = orExpression();
  if (index !== tokens.length) throw new QSyntaxError(SYNTAX_ERROR);
  return root;
}

function complexity(node: Node): number {
  if (node.kind === 'leaf') return 1;
  if (node.kind === 'not') return 1 + complexity(node.child);
  return 1 + node.children.reduce((sum, child) => sum + complexity(child), 0);
}

/** Parses a q expression into a predicate built from `leaf`, which validates each filter expression. */
export function parseQ<T>(text: string, leaf: Leaf<(value: T) => boolean>): (value: T) => boolean {
  const root = parse(tokenize(text));
  if (complexity(root) > MAX_COMPLEXITY) throw new QSyntaxError('Filter expression exceeds allowed complexity.');
  const build = (node: Node): ((value: T) => boolean) => {
    if (node.kind === 'leaf') return leaf(node.name, node.value);
    if (node.kind === 'not') {
      const child = build(node.child);
      return (value) => !child(value);
    }
    const children = node.children.map(build);
    return node.kind === 'and' ? (value) => children.every((child) => child(value)) : (value) => children.some((child) => child(value));
  };
  return build(root);
}
