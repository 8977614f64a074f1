// The one check for a host name an admin types into a preset ("acme.crm4.dynamics.com"). It
// lands in the authority of a URL the app opens with caller data, so anything that could move
// the request elsewhere is refused: a scheme, user:password@, a path, a query, spaces, a
// trailing dot, percent-escapes or non-ASCII look-alikes.

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export const MAX_HOST_LENGTH = 253;

/** Why `value` is not a plain host name (with an optional :port), or undefined when it is. */
export function hostNameProblem(
  value: string,
  options: { allowPort: boolean },
): string | undefined {
  if (value === '') return 'is empty';
  if (value.length > MAX_HOST_LENGTH + 6) return `is longer than ${MAX_HOST_LENGTH} characters`;
  if (/[/\\?#@\s%]/.test(value) || value.includes('://')) {
    return 'must be a host name only, such as crm.example.com (no https://, user name, path or query)';
  }
  let host = value;
  const colon = value.lastIndexOf(':');
  if (colon !== -1) {
    if (!options.allowPort) return 'must not carry a port';
    const port = value.slice(colon + 1);
    if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
      return 'has a port that is not a number from 1 to 65535';
    }
    host = value.slice(0, colon);
  }
  if (host.length > MAX_HOST_LENGTH) return `is longer than ${MAX_HOST_LENGTH} characters`;
  const labels = host.toLowerCase().split('.');
  if (labels.some((label) => !LABEL.test(label))) {
    return 'must be a host name made of letters, digits and hyphens separated by dots';
  }
  return undefined;
}

/** Why `value` is not one DNS label ("acme"), or undefined. */
export function hostLabelProblem(value: string): string | undefined {
  return LABEL.test(value.toLowerCase())
    ? undefined
    : 'must be one name made of letters, digits and hyphens (no dots, no https://)';
}
