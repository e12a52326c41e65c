// A local ESLint rule: a catch block must do something with the failure it caught (house
// style: never a swallowing catch). It passes when the block rethrows, uses the caught error
// (logs it, wraps it as a cause, inspects its code), or reports through a logger, the console
// or stderr. One shape passes as it is: a try around ONE statement, the probe `new URL(raw)`,
// `decodeURIComponent(path)` or `JSON.parse(text)`, whose only failure is "this does not parse"
// and whose catch returns that answer. Any other deliberate fallback says why in an
// eslint-disable comment, which makes each such place a reviewed decision.
// `catch (error) {}` with an unused binding is also caught by no-unused-vars (caughtErrors: all).

const LOG_METHODS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace']);

function isReport(node) {
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return false;
  const { object, property } = node.callee;
  if (property.type !== 'Identifier') return false;
  if (LOG_METHODS.has(property.name)) return true;
  // process.stderr.write(...)
  return (
    property.name === 'write' &&
    object.type === 'MemberExpression' &&
    object.property.type === 'Identifier' &&
    object.property.name === 'stderr'
  );
}

/** True when `visit` accepts any node of the catch body (callbacks inside it included). */
function handles(node, visit) {
  if (node === null || typeof node !== 'object') return false;
  if (visit(node)) return true;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent') continue;
    if (Array.isArray(value)) {
      if (value.some((child) => child && typeof child.type === 'string' && handles(child, visit))) return true;
    } else if (value && typeof value.type === 'string') {
      if (handles(value, visit)) return true;
    }
  }
  return false;
}

export const noSwallowingCatch = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid catch blocks that neither rethrow, use the caught error, nor report it.' },
    messages: {
      swallowed:
        'This catch swallows the failure: rethrow it, use the error (log it, wrap it as a cause, check its code) or report it. ' +
        'If falling back is the design, say why in an eslint-disable comment.',
    },
    schema: [],
  },
  create(context) {
    return {
      CatchClause(node) {
        const probe = node.parent.type === 'TryStatement' && node.parent.block.body.length === 1 && node.parent.finalizer === null;
        if (probe && node.body.body.some((statement) => statement.type === 'ReturnStatement')) return;
        const name = node.param?.type === 'Identifier' ? node.param.name : null;
        const ok = handles(node.body, (child) => {
          if (child.type === 'ThrowStatement' || isReport(child)) return true;
          return name !== null && child.type === 'Identifier' && child.name === name && child !== node.param;
        });
        if (!ok) context.report({ node, messageId: 'swallowed' });
      },
    };
  },
};

export default { rules: { 'no-swallowing-catch': noSwallowingCatch } };
