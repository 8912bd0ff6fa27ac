/**
 * The Luby sequence (1,1,2,1,1,2,4,...): restart intervals that are provably within a log factor of
 * the best fixed schedule. Feature models are mostly easy; what matters in a configurator is that a
 * hard call cannot get stuck in one unlucky region for long.
 */
export function luby(i: number): number {
  let size = 1;
  let seq = 0;
  while (size < i + 1) {
    seq++;
    size = 2 * size + 1;
  }
  let x = i;
  while (size - 1 !== x) {
    size = (size - 1) >> 1;
    seq--;
    x = x % size;
  }
  return 2 ** seq;
}
