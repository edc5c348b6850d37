// The committed Studio bundle is what its sources build: edit static/js/studio/, then run
// `make studio-js` and commit static/js/studio.bundle.js with them.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {BUNDLE, bundleText} from '../../tools/studio_bundle.mjs';

test('static/js/studio.bundle.js matches static/js/studio/ (run `make studio-js`)', async () => {
    const committed = readFileSync(new URL(`../../${BUNDLE}`, import.meta.url), 'utf8');
    assert.ok(committed === await bundleText(), `${BUNDLE} is stale: run \`make studio-js\` and commit it`);
});

test('the bundle defines the init function the Studio view names', async () => {
    const text = await bundleText();
    assert.match(text, /window\.MentoringStudioEditor = MentoringStudioEditor;/);
    assert.match(text, /window\.MentoringHttp = /);
});
