// "1 error", "2 errors": counts in messages agree with their number.
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
