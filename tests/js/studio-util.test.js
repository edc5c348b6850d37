// The Studio editor's helpers that hold no state: ids from titles, numbers, lines, wording.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {idRule, interpolate, itemFieldLabel, slugify, splitLines, toNumber, uniqueId} from '../../static/js/studio/util.js';

// The server's rule and its examples: program/config.py slugify and slugify_id answer the same
// (tests/unit/program/test_id_rule.py reads this file too).
const RULES = JSON.parse(readFileSync(new URL('../fixtures/studio_rules.json', import.meta.url), 'utf8'));
const RULE = idRule(RULES.ids);

test('slugify makes the id the server makes from a title', () => {
    for (const [title, slug] of RULES.slugs) {
        assert.equal(slugify(title, RULE), slug, title);
    }
});

test('uniqueId numbers a taken id as the server does, and falls back to the prefix', () => {
    for (const example of RULES.unique_ids) {
        const items = example.taken.map((id) => ({id}));
        assert.equal(uniqueId(slugify(example.title, RULE), example.prefix, items, null), example.id, example.title);
    }
});

test('uniqueId keeps a free id, numbers a taken one and ignores the item itself', () => {
    const self = {id: 'listening'};
    const items = [{id: 'listening'}, {id: 'feedback'}, {id: 'feedback-2'}, self];
    assert.equal(uniqueId('goals', 'area', items, self), 'goals');
    assert.equal(uniqueId('listening', 'area', items, self), 'listening-2', 'another item holds it');
    assert.equal(uniqueId('listening', 'area', [self], self), 'listening', 'its own id is not taken');
    assert.equal(uniqueId('feedback', 'area', items, self), 'feedback-3');
    assert.equal(uniqueId('', 'area', [{id: 'area'}, {id: 'area-2'}, {id: 'x'}], null), 'area-3');
});

test('toNumber reads a number, keeps what is not one for the server to refuse', () => {
    assert.equal(toNumber(' 12 '), 12);
    assert.equal(toNumber('2.5'), 2.5);
    assert.equal(toNumber(''), null);
    assert.equal(toNumber('twelve'), 'twelve');
});

test('splitLines gives the non-blank lines, trimmed', () => {
    assert.deepEqual(splitLines(' What went well?\r\n\n  What next? \n'), ['What went well?', 'What next?']);
    assert.deepEqual(splitLines(null), []);
});

test('interpolate fills named placeholders and leaves unknown ones', () => {
    assert.equal(interpolate('Item %(n)s of %(max)s', {n: 2, max: 5}), 'Item 2 of 5');
    assert.equal(interpolate('Item %(n)s %(x)s', {n: 1}), 'Item 1 %(x)s');
    assert.equal(itemFieldLabel('Learning area %(n)s: %(field)s', 3)('Title'), 'Learning area 3: Title');
});
