import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layer rules of DESIGN.md, enforced: a folder is imported only through its index.ts, and only
// by the layers allowed to. ESLint keeps one value per rule per file, so each layer gets one rule
// holding every pattern that applies to it.
const layers = [
  'warehouse',
  'connectors',
  'identity',
  'models',
  'segments',
  'destinations',
  'dashboards',
  'pipelines',
  'cli',
  'generator',
];
const forbidden = {
  warehouse: layers.filter((l) => l !== 'warehouse'),
  generator: layers.filter((l) => l !== 'generator'),
  connectors: ['identity', 'models', 'segments', 'destinations', 'dashboards', 'pipelines', 'cli'],
  identity: ['connectors', 'models', 'segments', 'destinations', 'dashboards', 'pipelines', 'cli'],
  models: ['connectors', 'identity', 'segments', 'destinations', 'dashboards', 'pipelines', 'cli'],
  segments: ['connectors', 'identity', 'destinations', 'dashboards', 'pipelines', 'cli'],
  destinations: ['connectors', 'identity', 'dashboards', 'pipelines', 'cli'],
  dashboards: ['connectors', 'identity', 'destinations', 'pipelines', 'cli'],
  pipelines: ['cli'],
  cli: [],
};
const deep = (layer) => ({
  group: [`**/${layer}/**`, `!**/${layer}/index.ts`],
  message: `Import ${layer}/index.ts, not the files inside it (DESIGN.md: one public face per folder).`,
});
const banned = (layer) => ({
  group: [`**/${layer}/**`],
  message: `This layer may not import ${layer}/ (DESIGN.md: who may import whom).`,
});
const layerRules = layers.map((layer) => ({
  files: [`${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...forbidden[layer].map(banned),
          ...layers.filter((l) => l !== layer && !forbidden[layer].includes(l)).map(deep),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules/**', '.cdp/**', 'bench/results/**', '**/*.mjs', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-throw-literal': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['jobs.config.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: layers.filter((l) => l !== 'cli').map(deep) }] },
  },
  ...layerRules,
);
