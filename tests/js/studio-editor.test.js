// The Studio editor in jsdom: list editing, ids that follow titles, the server's field errors
// beside their fields, and a save that can always be tried again.
import {test, beforeEach} from 'node:test';
import assert from 'node:assert/strict';
import {JSDOM} from 'jsdom';
import {readFileSync} from 'node:fs';
import {createEditor} from '../../static/js/studio/editor.js';

// The caps and id rule the server sends (tests/unit/program/test_id_rule.py checks this copy).
const RULES = JSON.parse(readFileSync(new URL('../fixtures/studio_rules.json', import.meta.url), 'utf8'));

const MARKUP = `<div class="mentoring-studio" id="host">
  <div class="ms-alert" role="alert" data-ms-alert></div>
  <div class="ms-sections" data-ms-sections></div>
  <div class="ms-actions"><p class="ms-status" data-ms-status></p>
    <button type="button" data-ms-save>Save</button><button type="button" data-ms-cancel>Cancel</button></div>
</div>`;

const PROGRAM = {
    display_name: 'Mentoring', introduction: '', duration_weeks: 12, min_sessions_per_month: 1,
    session_formats: ['video'], pairing_mode: 'staff', mentor_capacity: 2, midpoint_round: false,
    at_risk_days: 21, weight: 1, custom_key: 'kept', pacing: 'free', final_round_weeks: 2,
    completion: {agreement_signed: true, min_goals: 1, min_sessions: 2, planned_end_passed: false},
    learning_areas: [{id: 'listening', title: 'Listening', description: ''}],
    agenda: [{id: 'kickoff', title: 'Kickoff', week: 1, required: true, prompts: ['Why?'], areas: ['listening', 'gone'],
        links: []}],
    rating_scale: [{value: 1, label: 'Low'}, {value: 2, label: 'High'}],
    progress_questions: [], checkin_questions: [],
};

// The editor's modules use the page's globals, as in a browser: set for each test.
let window;
let document;
let posts;

beforeEach(() => {
    ({window} = new JSDOM(`<!DOCTYPE html><body>${MARKUP}</body>`));
    document = window.document;
    Object.assign(globalThis, {window, document, Node: window.Node});
    posts = [];
    window.MentoringHttp = {postJson: (url, data) => {
        const answer = posts.answers.shift() || Promise.resolve({status: 200, body: {}});
        posts.push({url, data});
        return typeof answer === 'function' ? answer() : answer;
    }};
    posts.answers = [];
});

function editor() {
    const runtime = {handlerUrl: (element, name) => `/handler/${name}`};
    const program = structuredClone(PROGRAM);
    return createEditor(runtime, document.getElementById('host'), {program, limits: RULES.limits, ids: RULES.ids});
}

function list(key) {
    const legend = {learning_areas: 'Learning areas', agenda: 'Learning agenda', rating_scale: 'Rating scale'}[key];
    return Array.from(document.querySelectorAll('fieldset.ms-section--list'))
        .find((fieldset) => fieldset.querySelector('legend').textContent === legend);
}

function type(input, value) {
    input.value = value;
    input.dispatchEvent(new window.Event('input', {bubbles: true}));
}

async function settle() {
    for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setTimeout(resolve, 0));
    }
}

test('the program comes back unchanged, unknown keys and unknown area ids included', () => {
    const program = editor().collect();
    assert.equal(program.custom_key, 'kept');
    assert.deepEqual(program.agenda[0].areas, ['listening', 'gone']);
    assert.deepEqual(program.agenda[0].prompts, ['Why?']);
});

test('a new learning area takes its id from its title until the author edits the id', () => {
    const ed = editor();
    const areas = list('learning_areas');
    areas.querySelector('.ms-button--add').click();
    const item = areas.querySelector('li[data-index="1"]');
    assert.equal(document.activeElement, item.querySelector('input'), 'the new item\'s first field has the focus');
    const [title] = item.querySelectorAll('input');
    const id = item.querySelector('.ms-field--id input');
    type(title, 'Listening');
    assert.equal(id.value, 'listening-2', 'an id another area holds is numbered');
    type(title, 'Giving feedback');
    assert.equal(ed.collect().learning_areas[1].id, 'giving-feedback');
    type(id, 'feedback');
    type(title, 'Receiving feedback');
    assert.equal(ed.collect().learning_areas[1].id, 'feedback', 'an id the author typed stays');
});

test('renaming an area keeps the agenda items linked to it', () => {
    const ed = editor();
    type(list('learning_areas').querySelector('.ms-field--id input'), 'active-listening');
    assert.deepEqual(ed.collect().agenda[0].areas, ['active-listening', 'gone']);
});

test('items move and go, and removing an area unlinks it from the agenda', () => {
    const ed = editor();
    const scale = list('rating_scale');
    scale.querySelector('.ms-button--add').click();
    assert.deepEqual(ed.collect().rating_scale.map((point) => point.value), [1, 2, 3], 'a new point is one above the top');
    const areas = list('learning_areas');
    areas.querySelector('.ms-button--add').click();
    type(areas.querySelector('li[data-index="1"] input'), 'Feedback');
    areas.querySelector('li[data-index="1"] button[data-action="up"]').click();
    assert.deepEqual(ed.collect().learning_areas.map((area) => area.id), ['feedback', 'listening']);
    areas.querySelector('li[data-index="1"] button[data-action="remove"]').click();
    assert.deepEqual(ed.collect().learning_areas.map((area) => area.id), ['feedback']);
    assert.deepEqual(ed.collect().agenda[0].areas, ['gone']);
});

test('the add button is disabled at the list\'s limit', () => {
    const ed = createEditor({handlerUrl: () => '/h'}, document.getElementById('host'),
        {program: structuredClone(PROGRAM), limits: {...RULES.limits, rating_scale: 3}, ids: RULES.ids});
    const scale = list('rating_scale');
    const add = scale.querySelector('.ms-button--add');
    add.click();
    assert.equal(add.disabled, true);
    assert.match(scale.querySelector('.ms-limit').textContent, /at most 3 points/);
    add.click();
    assert.equal(ed.collect().rating_scale.length, 3);
});

test('a refused save marks each field, lists the problems in the form\'s order and focuses the first', async () => {
    const ed = editor();
    posts.answers.push(Promise.resolve({status: 400, body: {error: {code: 'invalid', message: 'Fix these.', fields: {
        'learning_areas.0.title': 'Give the area a title.',
        'agenda.0.links': 'Too many links.',
        'mystery': 'Something else.',
    }}}}));
    await ed.save();
    const title = list('learning_areas').querySelector('li[data-index="0"] input');
    assert.equal(title.getAttribute('aria-invalid'), 'true');
    const message = document.getElementById(title.getAttribute('aria-describedby').split(' ')[0]);
    assert.equal(message.textContent, 'Give the area a title.');
    const alert = document.querySelector('[data-ms-alert]');
    const items = Array.from(alert.querySelectorAll('li')).map((li) => li.textContent);
    // In the order of the form; a path no field answers for goes to the General section.
    assert.deepEqual(items, [
        'mystery \u2013 Something else.',
        'Learning area 1: Title \u2013 Give the area a title.',
        'Agenda item 1: Links \u2013 Too many links.',
    ]);
    assert.equal(document.activeElement.id, document.querySelector('[data-ms-sections] input').id);
    type(title, 'Listening well');
    assert.equal(title.hasAttribute('aria-invalid'), false, 'editing a field clears its mark');
});

test('a double click saves once, and a save that fails can be tried again', async () => {
    const ed = editor();
    const save = document.querySelector('[data-ms-save]');
    let answer;
    posts.answers.push(new Promise((resolve) => { answer = resolve; }));
    save.click();
    save.click();
    assert.equal(posts.length, 1);
    assert.equal(save.getAttribute('aria-disabled'), 'true');
    answer({status: 0, body: null});
    await settle();
    assert.match(document.querySelector('[data-ms-alert]').textContent, /could not be reached/);
    assert.equal(save.hasAttribute('aria-disabled'), false);
    await ed.save();
    assert.equal(posts.length, 2);
    assert.equal(posts[1].url, '/handler/studio_submit');
});

test('an error while a save is sent or its answer shown releases the Save button', async (t) => {
    const ed = editor();
    t.mock.method(window.console, 'error', () => {});
    posts.answers.push(() => { throw new Error('no handler URL'); });
    await ed.save();
    assert.match(document.querySelector('[data-ms-alert]').textContent, /Something went wrong on this page/);
    posts.answers.push(Promise.resolve({status: 200, body: {program: null, weird: true}}));
    await ed.save();
    assert.equal(posts.length, 2);
    assert.equal(document.querySelector('[data-ms-save]').hasAttribute('aria-disabled'), false);
});

function item(key, index) {
    return list(key).querySelector(`li[data-index="${index}"]`);
}

function isOpen(itemEl) {
    const toggle = itemEl.querySelector('.ms-item__toggle');
    const open = toggle.getAttribute('aria-expanded') === 'true';
    assert.equal(itemEl.querySelector('.ms-item__body').hidden, !open, 'the fields show as the toggle says');
    assert.equal(itemEl.querySelector('.ms-item__summary').hidden, open, 'the summary shows while closed');
    return open;
}

test('each section has a level 3 heading, and the table of contents moves the focus to it', () => {
    editor();
    const headings = Array.from(document.querySelectorAll('fieldset.ms-section > legend > h3'));
    assert.equal(headings.length, 12);
    const links = Array.from(document.querySelectorAll('nav.ms-toc a'));
    assert.deepEqual(links.map((a) => a.textContent), headings.map((h) => h.textContent));
    assert.equal(document.querySelector('nav.ms-toc').getAttribute('aria-labelledby'),
        document.querySelector('nav.ms-toc h3').id);
    const schedule = headings.find((h) => h.textContent === 'Schedule');
    const link = links.find((a) => a.textContent === 'Schedule');
    assert.equal(link.getAttribute('href'), `#${schedule.id}`);
    const event = new window.MouseEvent('click', {bubbles: true, cancelable: true});
    link.dispatchEvent(event);
    assert.equal(event.defaultPrevented, true, 'the page around the editor keeps its address');
    assert.equal(document.activeElement, schedule);
});

test('list items are closed, say what they hold, and open by their toggle', () => {
    editor();
    const area = item('learning_areas', 0);
    assert.equal(isOpen(area), false);
    assert.equal(area.querySelector('.ms-item__summary').textContent, 'Listening');
    assert.equal(item('rating_scale', 1).querySelector('.ms-item__summary').textContent, '2: High');
    const toggle = area.querySelector('.ms-item__toggle');
    assert.equal(toggle.textContent, 'Learning area 1');
    assert.equal(area.querySelector('legend').textContent, 'Learning area 1', 'the toggle names the group');
    toggle.click();
    assert.equal(isOpen(area), true);
    type(area.querySelector('input'), '');
    assert.equal(area.querySelector('.ms-item__summary').textContent, 'Untitled');
    toggle.click();
    assert.equal(isOpen(area), false);
});

test('a new item opens; an open item stays open when moved and after the save\'s answer', async () => {
    const ed = editor();
    list('learning_areas').querySelector('.ms-button--add').click();
    assert.equal(isOpen(item('learning_areas', 1)), true);
    assert.equal(document.activeElement, item('learning_areas', 1).querySelector('input'));
    item('learning_areas', 1).querySelector('button[data-action="up"]').click();
    assert.equal(isOpen(item('learning_areas', 0)), true);
    assert.equal(isOpen(item('learning_areas', 1)), false);
    posts.answers.push(Promise.resolve({status: 200, body: {program: ed.collect()}}));
    await ed.save();
    assert.equal(isOpen(item('learning_areas', 0)), true);
    assert.equal(isOpen(item('learning_areas', 1)), false);
});

test('removing an item hands the focus to the next one: its Remove button if open, else its toggle', () => {
    editor();
    const scale = list('rating_scale');
    scale.querySelector('.ms-button--add').click();
    item('rating_scale', 0).querySelector('.ms-item__toggle').click();
    item('rating_scale', 0).querySelector('button[data-action="remove"]').click();
    assert.equal(document.activeElement, item('rating_scale', 0).querySelector('.ms-item__toggle'));
    item('rating_scale', 0).querySelector('.ms-item__toggle').click();
    item('rating_scale', 0).querySelector('button[data-action="remove"]').click();
    assert.equal(document.activeElement, item('rating_scale', 0).querySelector('button[data-action="remove"]'),
        'the new point, open since added');
});

test('a refused save opens the closed items its errors are in', async () => {
    const ed = editor();
    posts.answers.push(Promise.resolve({status: 400, body: {error: {code: 'invalid', message: 'Fix these.', fields: {
        'agenda.0.links': 'Too many links.',
    }}}}));
    assert.equal(isOpen(item('agenda', 0)), false);
    await ed.save();
    assert.equal(isOpen(item('agenda', 0)), true);
    assert.equal(isOpen(item('learning_areas', 0)), false, 'items without errors stay closed');
    item('agenda', 0).querySelector('.ms-item__toggle').click();
    document.querySelector('.ms-alert__link').click();
    assert.equal(isOpen(item('agenda', 0)), true, 'the alert\'s link opens the item again');
});

test('pacing: the author picks guided or free, the final round\'s weeks and the planned-end rule', async () => {
    const ed = editor();
    const section = Array.from(document.querySelectorAll('fieldset.ms-section'))
        .find((fieldset) => fieldset.querySelector('legend').textContent === 'Pacing');
    assert.ok(section, 'a Pacing section');
    const radios = Array.from(section.querySelectorAll('input[type="radio"]'));
    assert.deepEqual(radios.map((radio) => radio.value), ['guided', 'free']);
    assert.equal(radios.find((radio) => radio.checked).value, 'free', 'a stored program shows its pacing');
    radios[0].checked = true;
    radios[0].dispatchEvent(new window.Event('change', {bubbles: true}));
    const weeks = section.querySelector('input[type="number"]');
    assert.equal(document.querySelector(`label[for="${weeks.id}"]`).textContent, 'Weeks the final assessment is open');
    assert.ok(weeks.getAttribute('aria-describedby'), 'the weeks field has its help text');
    type(weeks, '3');
    const rule = Array.from(document.querySelectorAll('.ms-check__label'))
        .find((label) => label.textContent === 'The planned end date has passed');
    const box = document.getElementById(rule.getAttribute('for'));
    box.checked = true;
    box.dispatchEvent(new window.Event('change', {bubbles: true}));
    const program = ed.collect();
    assert.equal(program.pacing, 'guided');
    assert.equal(program.final_round_weeks, 3);
    assert.equal(program.completion.planned_end_passed, true);

    posts.answers.push(Promise.resolve({status: 400, body: {error: {code: 'invalid', message: 'Fix these.', fields: {
        'final_round_weeks': 'Enter a number of weeks from 1 to 12, the program\'s length.',
    }}}}));
    await ed.save();
    assert.equal(weeks.getAttribute('aria-invalid'), 'true');
    assert.equal(document.activeElement, weeks);
});

test('the reminders are a section of their own: days, where 0 turns one off, and switches', () => {
    const ed = editor();
    const section = Array.from(document.querySelectorAll('fieldset.ms-section'))
        .find((fieldset) => fieldset.querySelector('legend').textContent === 'Reminders');
    assert.ok(section, 'a Reminders section');
    const days = Array.from(section.querySelectorAll('input[type="number"]'));
    assert.equal(days.length, 5);
    assert.match(document.getElementById(days[0].getAttribute('aria-describedby').split(' ')[0]).textContent,
        /0 turns this reminder off/);
    days[0].value = '5';
    days[0].dispatchEvent(new window.Event('input', {bubbles: true}));
    const digest = Array.from(section.querySelectorAll('input[type="checkbox"]')).pop();
    digest.checked = false;
    digest.dispatchEvent(new window.Event('change', {bubbles: true}));
    const nudges = ed.collect().nudges;
    assert.equal(nudges.first_session_days, 5);
    assert.equal(nudges.staff_digest, false);
});
