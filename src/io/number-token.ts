/**
 * Strict parsing of one numeric token of an MPS or LP file.
 *
 * `Number()` alone is too lenient for model files (`Number('') === 0`, `Number('0x10') === 16`),
 * so the token is first checked against the decimal grammar
 * `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`. The spellings `inf`, `infinity`
 * (any case, optional sign) read as ±Infinity and `nan` as NaN, so callers can report "infinite
 * coefficient" / "NaN coefficient" instead of "malformed number". Decimal conversion is exact
 * (correctly rounded), so `String(x)` written by our writers reads back bit for bit.
 *
 * @returns the value, or undefined when the token is not a number at all.
 */
export function parseNumberToken(token: string): number | undefined {
  const n = token.length;
  if (n === 0) return undefined;
  let i = 0;
  let c = token.charCodeAt(0);
  if (c === 43 /* + */ || c === 45 /* - */) {
    i = 1;
    if (n === 1) return undefined;
    c = token.charCodeAt(1);
  }
  if (c > 57 /* 9 */) {
    const word = token.slice(i).toLowerCase();
    if (word === 'inf' || word === 'infinity') return token.charCodeAt(0) === 45 ? -Infinity : Infinity;
    if (word === 'nan') return NaN;
    return undefined;
  }
  let digits = 0;
  while (i < n && isDigit(token.charCodeAt(i))) { i++; digits++; }
  if (i < n && token.charCodeAt(i) === 46 /* . */) {
    i++;
    while (i < n && isDigit(token.charCodeAt(i))) { i++; digits++; }
  }
  if (digits === 0) return undefined;
  if (i < n && (token.charCodeAt(i) | 32) === 101 /* e */) {
    i++;
    if (i < n && (token.charCodeAt(i) === 43 || token.charCodeAt(i) === 45)) i++;
    let expDigits = 0;
    while (i < n && isDigit(token.charCodeAt(i))) { i++; expDigits++; }
    if (expDigits === 0) return undefined;
  }
  if (i !== n) return undefined;
  return Number(token);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Formats a finite double with full round-trip precision (`String(x)` is the shortest decimal
 * that reads back to the same double). Negative zero is written as `0`.
 */
export function formatNumber(x: number): string {
  return x === 0 ? '0' : String(x);
}
