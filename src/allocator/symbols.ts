// Symbol normalisation: upper case, then the configured aliases, used everywhere a symbol is compared.

/** Returns a normaliser: upper-cases, then maps aliases (whose keys and targets are upper-cased too). */
export function symbolNormalizer(aliases: Readonly<Record<string, string>>): (symbol: string) => string {
  const table = new Map<string, string>();
  for (const [from, to] of Object.entries(aliases)) table.set(from.toUpperCase(), to.toUpperCase());
  return (symbol: string): string => {
    const upper = symbol.toUpperCase();
    return table.get(upper) ?? upper;
  };
}
