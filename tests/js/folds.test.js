// Sections that open and close: the reader's choice kept per pair and section, a closed section
// read from the server when first opened, and "Saved." said after every save.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {scriptPage, settle} from './learner-page.js';

const PAGE = `
<div id="root"><div class="mentoring-block">
  <div class="mentoring-live" role="status" aria-live="polite"></div>
  <div class="mentoring-main"><div class="mentoring-workspace">
    <div class="mentoring-pair" data-pair-id="7">
      <div data-part="header"><button type="button" data-goto="log">Log a session</button></div>
      <div data-part="goals"><section data-section="goals">
        <h4 id="p7-goals" tabindex="-1"><button type="button" data-fold="goals" aria-expanded="true" aria-controls="p7-goals-body">Goals</button></h4>
        <div id="p7-goals-body">
          <form data-action="goal_add" data-focus="p7-goals"><input name="statement" value="Speak up"><button type="submit">Add</button>
            <p class="mentoring-form-status"></p></form>
        </div>
      </section></div>
      <div data-part="sessions"><section data-section="sessions">
        <h4 id="p7-sessions" tabindex="-1"><button type="button" data-fold="sessions" aria-expanded="false" aria-controls="p7-sessions-body">Sessions</button></h4>
        <div id="p7-sessions-body" hidden data-lazy></div>
      </section></div>
    </div>
  </div></div>
</div></div>`;

const SESSIONS = `<section data-section="sessions">
  <h4 id="p7-sessions" tabindex="-1"><button type="button" data-fold="sessions" aria-expanded="true" aria-controls="p7-sessions-body">Sessions</button></h4>
  <div id="p7-sessions-body"><details class="mentoring-editor"><summary>Log a session</summary>
    <form data-action="session_log"><input id="date" name="held_on" type="date"></form></details></div>
</section>`;

function memory() {
    const items = {};
    return {
        items,
        getItem: (key) => (key in items ? items[key] : null),
        setItem: (key, value) => { items[key] = String(value); },
    };
}

test('the choice is kept per pair and section, and a browser that refuses storage keeps the defaults', () => {
    const {window} = scriptPage('<div id="root"></div>', {init: false});
    const folds = window.MentoringLearner.folds;
    const storage = memory();
    assert.equal(folds.read(storage, 7, 'goals'), null);
    folds.write(storage, 7, 'goals', false);
    folds.write(storage, 8, 'goals', true);
    assert.deepEqual(storage.items, {'mentoring-fold:7:goals': 'closed', 'mentoring-fold:8:goals': 'open'});
    assert.equal(folds.read(storage, 7, 'goals'), false);
    assert.equal(folds.read(storage, 8, 'goals'), true);
    const refusing = {getItem() { throw new Error('denied'); }, setItem() { throw new Error('full'); }};
    assert.equal(folds.read(refusing, 7, 'goals'), null);
    assert.doesNotThrow(() => folds.write(refusing, 7, 'goals', true));
    assert.equal(folds.read(null, 7, 'goals'), null);
});

test('closing a section hides it and is remembered; opening a closed one reads it once', async () => {
    const page = scriptPage(PAGE);
    const doc = page.document;
    doc.querySelector('[data-fold="goals"]').click();
    assert.equal(doc.querySelector('[data-fold="goals"]').getAttribute('aria-expanded'), 'false');
    assert.equal(doc.getElementById('p7-goals-body').hidden, true);
    assert.equal(page.window.localStorage.getItem('mentoring-fold:7:goals'), 'closed');
    assert.equal(page.fetch.calls.length, 0, 'a rendered section closes without a request');

    page.fetch.answer(200, {sections: {sessions: SESSIONS}});
    doc.querySelector('[data-fold="sessions"]').click();
    doc.querySelector('[data-fold="sessions"]').click();  // a second click while it loads
    await settle(page.window);
    assert.deepEqual(page.fetch.calls.map((call) => [call.url, call.body]),
        [['/handler/workspace_state', {pair_id: '7', sections: ['sessions']}]]);
    assert.ok(doc.querySelector('form[data-action="session_log"]'), 'its content is in place');
    assert.equal(page.window.localStorage.getItem('mentoring-fold:7:sessions'), 'closed',
        'the last click wins: closed again');
    assert.equal(doc.getElementById('p7-sessions-body').hidden, true);
});

test('a section the reader opened before is read as the page starts', async () => {
    const page = scriptPage(PAGE, {init: false});
    page.window.localStorage.setItem('mentoring-fold:7:sessions', 'open');
    page.window.localStorage.setItem('mentoring-fold:7:goals', 'closed');
    page.fetch.answer(200, {sections: {sessions: SESSIONS}});
    const runtime = {handlerUrl: (element, handler) => `/handler/${handler}`};
    page.window.MentoringLearnerView(runtime, page.document.getElementById('root'), {payload: '{}'});
    await settle(page.window);
    assert.equal(page.fetch.calls.length, 1);
    assert.equal(page.document.querySelector('[data-fold="sessions"]').getAttribute('aria-expanded'), 'true');
    assert.equal(page.document.getElementById('p7-goals-body').hidden, true);
});

test('"Log a session" at the top opens the sessions, their form, and focuses its first field', async () => {
    const page = scriptPage(PAGE);
    page.fetch.answer(200, {sections: {sessions: SESSIONS}});
    page.document.querySelector('[data-goto="log"]').click();
    await settle(page.window);
    assert.equal(page.document.querySelector('details.mentoring-editor').open, true);
    assert.equal(page.document.activeElement.id, 'date');
});

test('every save says "Saved." first, in the live region; a refilled section keeps its state', async () => {
    const page = scriptPage(PAGE);
    const doc = page.document;
    page.fetch.answer(200, {sections: {goals: doc.querySelector('[data-part="goals"]').innerHTML}});
    doc.querySelector('form[data-action="goal_add"] button').click();
    await settle(page.window);
    await new Promise((resolve) => { page.window.setTimeout(resolve, 80); });
    assert.equal(doc.querySelector('.mentoring-live').textContent, 'Saved. The goal is added.');
    assert.equal(doc.querySelector('[data-fold="goals"]').getAttribute('aria-expanded'), 'true');
});
