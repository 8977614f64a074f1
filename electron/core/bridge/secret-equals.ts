// Compares a presented secret (CRM ID, bridge token) with the expected one in constant time:
// both are hashed first so neither their contents nor their lengths leak through timing.
import { createHash, timingSafeEqual } from 'node:crypto';

export function secretEquals(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  // An empty expected secret never matches (an unset token must not accept "").
  return timingSafeEqual(a, b) && expected.length > 0;
}
