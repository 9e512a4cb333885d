/**
 * Proportional allocation of `size` picks over strata (Hamilton's largest-remainder method):
 * each stratum gets its share of `size` by its number of lines, rounded so the shares add up to
 * `size`; when `size` is at least the number of strata, every stratum gets at least one (taken
 * back from the strata most over their exact share). No stratum gets more than it can give.
 */
export function allocate(lines: ReadonlyMap<string, number>, size: number, capacity: ReadonlyMap<string, number> = lines): Map<string, number> {
  const names = [...lines.keys()].sort();
  const total = names.reduce((sum, name) => sum + lines.get(name)!, 0);
  const room = (name: string) => capacity.get(name) ?? 0;
  const want = Math.min(size, names.reduce((sum, name) => sum + room(name), 0));
  const exact = new Map(names.map((name) => [name, total === 0 ? 0 : (want * lines.get(name)!) / total]));
  const atLeastOne = want >= names.filter((name) => room(name) > 0).length;
  const given = new Map(names.map((name) => [name, Math.min(room(name), Math.max(Math.floor(exact.get(name)!), atLeastOne && room(name) > 0 ? 1 : 0))]));
  const sum = () => [...given.values()].reduce((a, b) => a + b, 0);
  // Ties go to the larger stratum, then by name, so the allocation is the same on every machine.
  const best = (candidates: string[], gap: (name: string) => number): string =>
    candidates.sort((a, b) => gap(b) - gap(a) || lines.get(b)! - lines.get(a)! || (a < b ? -1 : 1))[0];
  while (sum() < want) {
    const open = names.filter((name) => given.get(name)! < room(name));
    const name = best(open, (n) => exact.get(n)! - given.get(n)!);
    given.set(name, given.get(name)! + 1);
  }
  while (sum() > want) {
    const over = names.filter((name) => given.get(name)! > (atLeastOne ? 1 : 0));
    const name = best(over, (n) => given.get(n)! - exact.get(n)!);
    given.set(name, given.get(name)! - 1);
  }
  return given;
}
