/**
 * Key names that look like credentials. config.json must never hold one (audit 1.1): secrets
 * live only in the OS keychain. The test is on the key name, so a secret is refused even under
 * an unknown or misspelt key, and its value is never read, echoed or logged.
 */
export const secretKeyPattern = /(secret|token|password|passwd|api[-_]?key|private[-_]?key|credential|refresh|client[-_]?id)/i;

export function looksLikeSecretKey(key: string): boolean {
  return secretKeyPattern.test(key);
}

/** Key paths (array indices as strings) of every secret-looking key in a parsed JSON value. */
export function findSecretKeyPaths(value: unknown): string[][] {
  const found: string[][] = [];
  const visit = (node: unknown, trail: readonly string[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...trail, String(index)]));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      const childTrail = [...trail, key];
      if (looksLikeSecretKey(key)) {
        // Do not descend: everything below a secret-looking key is part of that secret.
        found.push(childTrail);
      } else {
        visit(child, childTrail);
      }
    }
  };
  visit(value, []);
  return found;
}

export const keychainAdvice =
  'secrets belong in the OS keychain, not in configuration; remove this key and store the value with the `arbdesk` keychain commands';
