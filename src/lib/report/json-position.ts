/**
 * Where a text stops being JSON: the offset of the first character JSON.parse rejects (V8's messages give it only
 * for some errors). Iterative, so a deeply nested file cannot overflow the stack; used only after JSON.parse failed.
 */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const WHITESPACE = /[ \t\n\r]*/y;

/** The offset of the first syntax error in `text`, or undefined when it is valid JSON. */
export function jsonErrorOffset(text: string): number | undefined {
  const stack: Array<'object' | 'array'> = [];
  let at = 0;
  const skip = () => {
    WHITESPACE.lastIndex = at;
    WHITESPACE.exec(text);
    at = WHITESPACE.lastIndex;
  };
  const string = (): boolean => {
    at++;
    while (at < text.length) {
      const code = text.charCodeAt(at);
      if (code === 0x22) {
        at++;
        return true;
      }
      if (code < 0x20) return false;
      if (code === 0x5c) {
        const escape = text[at + 1];
        if (escape === 'u') {
          if (!/^[\dA-Fa-f]{4}$/.test(text.slice(at + 2, at + 6))) return false;
          at += 6;
        } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) at += 2;
        else return false;
      } else at++;
    }
    return false;
  };
  /** 'after' a value: a comma, a closing bracket, or the end. */
  let expecting: 'value' | 'key' | 'after' = 'value';
  for (;;) {
    skip();
    const character = text[at];
    if (expecting === 'key') {
      if (character !== '"' || !string()) return at;
      skip();
      if (text[at] !== ':') return at;
      at++;
      expecting = 'value';
      continue;
    }
    if (expecting === 'value') {
      if (character === '{') {
        stack.push('object');
        at++;
        skip();
        if (text[at] === '}') {
          stack.pop();
          at++;
          expecting = 'after';
        } else expecting = 'key';
        continue;
      }
      if (character === '[') {
        stack.push('array');
        at++;
        skip();
        if (text[at] === ']') {
          stack.pop();
          at++;
          expecting = 'after';
        }
        continue;
      }
      if (character === '"') {
        if (!string()) return at;
      } else {
        NUMBER.lastIndex = at;
        LITERAL.lastIndex = at;
        const match = NUMBER.exec(text) ?? LITERAL.exec(text);
        if (!match) return at;
        at += match[0].length;
      }
      expecting = 'after';
      continue;
    }
    const container = stack.at(-1);
    if (container === undefined) return at < text.length ? at : undefined;
    if (character === ',') {
      at++;
      expecting = container === 'object' ? 'key' : 'value';
      continue;
    }
    if ((container === 'object' && character === '}') || (container === 'array' && character === ']')) {
      stack.pop();
      at++;
      continue;
    }
    return at;
  }
}
