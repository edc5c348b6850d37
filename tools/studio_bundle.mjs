// Build static/js/studio.bundle.js, the Studio editor's one script, from the ES modules in
// static/js/studio/ (entry: main.js). Run by `make studio-js`; the bundle is committed so that
// `pip install` alone installs a working editor, and tests/js/studio-bundle.test.js fails when
// it no longer matches its sources.
import {build} from 'esbuild';
import {writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE = 'static/js/studio.bundle.js';

/** The bundle's text, built in memory. */
export async function bundleText() {
    const result = await build({
        absWorkingDir: ROOT,
        entryPoints: ['static/js/studio/main.js'],
        bundle: true,
        format: 'iife',
        target: 'es2017',
        charset: 'utf8',
        legalComments: 'none',
        banner: {js: "/* The Studio editor, built from static/js/studio/ by `make studio-js`: edit those files, not this one. */\n'use strict';"},
        write: false,
        logLevel: 'silent',
    });
    return result.outputFiles[0].text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    writeFileSync(new URL(`../${BUNDLE}`, import.meta.url), await bundleText());
    console.log(`wrote ${BUNDLE}`);
}
