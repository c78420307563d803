/**
 * Pulp's `q` filter: other filters combined with NOT, AND, OR and parentheses, e.g.
 * `state="failed" OR (state="canceled" AND NOT name__contains=purge)`. NOT binds tightest, then AND, then OR.
 * Complexity = filter expressions + NOTs + AND/OR groups (a chain of one operator counts once); at most 8.
 */

export type Leaf<P> = (name: string, value: string) => P;

type Node = {kind: 'leaf'; name: string; value: string} | {kind: 'not'; child: Node} | {kind: 'and' | 'or'; children: Node[]};

export class QSyntaxError extends Error {}

export const MAX_COMPLEXITY = 8;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s*(\(|\)|[A-Za-z0-9_]+=(?:"[^"]*"|'[^']*'|[^\s()]+)|[A-Za-z]+)/y;
  let position = 0;
  while (position < text.length) {
    if (/^\s*$/.test(text.slice(position))) break;
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (!match) throw new QSyntaxError(`Syntax error in expression near '${text.slice(position).trim().slice(0, 20)}'.`);
    tokens.push(match[1]);
    position = pattern.lastIndex;
  }
  return tokens;
}

function parse(tokens: string[]): Node {
  let index = 0;
  const peek = () => tokens[index];
  const keyword = (word: string) => peek() !== undefined && peek().toUpperCase() === word && !peek().includes('=');

  const primary = (): Node => {
    const token = tokens[index++];
    if (token === undefined) throw new QSyntaxError('Syntax error in expression: unexpected end.');
    if (token === '(') {
      const inner = orExpression();
      if (tokens[index++] !== ')') throw new QSyntaxError('Syntax error in expression: missing ).');
      return inner;
    }
    const separator = token.indexOf('=');
    if (separator < 0) throw new QSyntaxError(`Syntax error in expression near '${token}'.`);
    let value = token.slice(separator + 1);
    if (/^(".*"|'.*')$/.test(value)) value = value.slice(1, -1);
    return {kind: 'leaf', name: token.slice(0, separator), value};
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
  if (index !== tokens.length) throw new QSyntaxError(`Syntax error in expression near '${tokens[index]}'.`);
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
