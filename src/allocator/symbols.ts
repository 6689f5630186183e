// Symbol normalisation: upper case, then the configured aliases, used everywhere a symbol is compared.

/** Normalisations remembered per allocator; a pure function's memo, cleared when it grows past this. */
const MEMO_LIMIT = 100_000;

/** Returns a normaliser: upper-cases, then maps aliases (whose keys and targets are upper-cased too). */
export function symbolNormalizer(aliases: Readonly<Record<string, string>>): (symbol: string) => string {
  const table = new Map<string, string>();
  for (const [from, to] of Object.entries(aliases)) table.set(from.toUpperCase(), to.toUpperCase());
  const memo = new Map<string, string>();
  return (symbol: string): string => {
    const known = memo.get(symbol);
    if (known !== undefined) return known;
    const upper = symbol.toUpperCase();
    const normal = table.get(upper) ?? upper;
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(symbol, normal);
    return normal;
  };
}
