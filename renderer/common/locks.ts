// Admin-policy locks: a key is locked when the policy names it or any section above it
// ("rules" locks every rule, "accolades" locks the whole connection section).

export function isLocked(lockedKeys: readonly string[], path: string): boolean {
  return lockedKeys.some((key) => path === key || path.startsWith(`${key}.`));
}
