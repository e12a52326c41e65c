/**
 * Import cycles, type-only ones included, fail `npm run lint`. (The layer arrows themselves
 * are ESLint's no-restricted-imports rules in eslint.config.js; this file owns cycles only.)
 * A cycle means two modules are really one, or a type sits in the wrong owner.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles (type-only too) mean two modules are one, or a type has the wrong owner: move the shared piece down a layer.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type cycle is still a design cycle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
