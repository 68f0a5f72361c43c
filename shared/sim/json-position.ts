/**
 * The offset of the first JSON syntax error in `text`, or undefined when it parses. Node 20's
 * JSON.parse messages often omit the position, and a world file's author needs the line.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let at = 0;
  const fail = (): never => {
    throw at;
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text.charAt(at))) at++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, at)) at += word.length;
    else fail();
  };
  const string = () => {
    at++;
    while (at < text.length && text[at] !== '"') {
      const char = text.charAt(at);
      if (char < ' ') fail();
      at += char === '\\' ? 2 : 1;
    }
    if (at >= text.length) fail();
    at++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    if (match === null) fail();
    at += match?.[0].length ?? 0;
  };
  const member = () => {
    space();
    if (text.charAt(at) !== '"') fail();
    string();
    space();
    if (text.charAt(at) !== ':') fail();
    at++;
    value();
  };
  const value = (): void => {
    space();
    const char = text.charAt(at);
    if (char === '{') members('}', member);
    else if (char === '[') members(']', value);
    else if (char === '"') string();
    else if (char === 't') literal('true');
    else if (char === 'f') literal('false');
    else if (char === 'n') literal('null');
    else number();
  };
  const members = (close: string, item: () => void) => {
    at++;
    space();
    if (text.charAt(at) === close) {
      at++;
      return;
    }
    while (true) {
      item();
      space();
      const char = text.charAt(at);
      at++;
      if (char === close) return;
      if (char !== ',') {
        at--;
        fail();
      }
    }
  };
  try {
    value();
    space();
    if (at < text.length) fail();
    return undefined;
  } catch (offset) {
    if (typeof offset === 'number') return offset;
    throw offset;
  }
}
