// ESLint for the block's JavaScript: eslint's recommended rules and nothing about formatting.
import js from '@eslint/js';
import globals from 'globals';

export default [
    {
        // The Studio bundle is built from static/js/studio/ and the catalogs from the PO files;
        // mentoring_xblock/static is a link to static/, the rest are virtualenvs and outputs.
        ignores: [
            'static/js/studio.bundle.js', 'static/js/translations/**', 'mentoring_xblock/**',
            '.venv*/**', 'build/**', 'dist/**', 'var/**', 'test-results/**',
        ],
    },
    js.configs.recommended,
    {
        rules: {
            eqeqeq: ['error', 'smart'],
            // A caught error is often not needed (the answer is handled the same way).
            'no-unused-vars': ['error', {caughtErrors: 'none'}],
        },
    },
    {
        // The learner view: classic scripts sharing window.MentoringLearner and window.MentoringHttp.
        files: ['static/js/*.js'],
        languageOptions: {sourceType: 'script', globals: {...globals.browser}},
        // The init function the runtime calls by name.
        rules: {'no-unused-vars': ['error', {caughtErrors: 'none', varsIgnorePattern: '^MentoringLearnerView$'}]},
    },
    {
        // The Studio editor: ES modules, bundled into static/js/studio.bundle.js.
        files: ['static/js/studio/**/*.js'],
        languageOptions: {sourceType: 'module', globals: {...globals.browser}},
    },
    {
        files: ['eslint.config.js', 'tools/**/*.mjs', 'tests/js/**/*.js'],
        languageOptions: {sourceType: 'module', globals: {...globals.node}},
    },
];
