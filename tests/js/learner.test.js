// The learner view's forms: one request per submission, request ids, and a lock that is
// released however a submission ends.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {plain, scriptPage, settle} from './learner-page.js';

const PAGE = `
<div id="root"><div class="mentoring-block">
  <p class="mentoring-live"></p>
  <div class="mentoring-main"><div class="mentoring-workspace">
    <section data-part="goals">
      <h4 id="goals-heading">Goals</h4>
      <form data-action="goal_add" data-focus="goals-heading">
        <label for="goal-title">Goal</label><input id="goal-title" name="title" value="Speak up">
        <button type="submit">Add goal</button>
        <p class="mentoring-form-status" aria-live="polite"></p>
      </form>
    </section>
    <section data-part="sessions">
      <form data-action="session_log">
        <input name="notes" value="We met">
        <button type="submit">Log</button>
        <p class="mentoring-form-status"></p>
      </form>
    </section>
  </div></div>
</div></div>`;

function parts(page) {
    const goals = page.document.querySelector('form[data-action="goal_add"]');
    const sessions = page.document.querySelector('form[data-action="session_log"]');
    return {goals, sessions, status: goals.querySelector('.mentoring-form-status')};
}

async function send(page, form) {
    form.querySelector('button[type="submit"]').click();
    await settle(page.window);
}

test('a double click sends one request', async () => {
    const page = scriptPage(PAGE);
    const {goals} = parts(page);
    const release = page.fetch.hold();
    goals.querySelector('button').click();
    goals.querySelector('button').click();
    await settle(page.window);
    assert.equal(page.fetch.calls.length, 1);
    assert.equal(goals.getAttribute('aria-busy'), 'true');
    release(200, {sections: {}});
    await settle(page.window);
    assert.equal(goals.hasAttribute('aria-busy'), false);
    await send(page, goals);
    assert.equal(page.fetch.calls.length, 2, 'the form is free again once its answer is shown');
});

test('a form waiting for its answer does not lock the other forms', async () => {
    const page = scriptPage(PAGE);
    const {goals, sessions} = parts(page);
    page.fetch.hold();
    goals.querySelector('button').click();
    await send(page, sessions);
    assert.deepEqual(page.fetch.calls.map((call) => call.url), ['/handler/goal_add', '/handler/session_log']);
});

test('after a network failure the form says so and can be sent again', async () => {
    const page = scriptPage(PAGE);
    const {goals, status} = parts(page);
    page.fetch.fail();
    await send(page, goals);
    assert.match(status.textContent, /could not be reached/);
    assert.equal(status.getAttribute('role'), 'alert');
    assert.equal(goals.hasAttribute('aria-busy'), false);
    page.fetch.answer(200, {sections: {}});
    await send(page, goals);
    assert.equal(page.fetch.calls.length, 2);
    assert.equal(status.textContent, '');
});

test('an answer whose DOM swap throws releases the form and says something went wrong', async (t) => {
    const page = scriptPage(PAGE);
    const {goals, status} = parts(page);
    t.mock.method(page.window.console, 'error', () => {});
    // A section name no selector can hold: the swap throws a SyntaxError.
    page.fetch.answer(200, {sections: {'goals"]': '<p>new</p>'}});
    await send(page, goals);
    assert.match(status.textContent, /Something went wrong on this page/);
    assert.equal(page.window.console.error.mock.callCount(), 1);
    assert.equal(goals.hasAttribute('aria-busy'), false);
    page.fetch.answer(200, {sections: {goals: '<p id="done">Added</p>'}});
    await send(page, goals);
    assert.equal(page.fetch.calls.length, 2);
    assert.ok(page.document.getElementById('done'));
});

test('a focus that throws after a good answer still releases the form', async (t) => {
    const page = scriptPage(PAGE);
    const {goals} = parts(page);
    t.mock.method(page.window.console, 'error', () => {});
    const heading = page.document.getElementById('goals-heading');
    heading.focus = () => { throw new Error('focus refused'); };
    page.fetch.answer(200, {sections: {}});
    await send(page, goals);
    assert.equal(page.window.console.error.mock.callCount(), 1);
    await send(page, goals);
    assert.equal(page.fetch.calls.length, 2);
});

test('a form that cannot be read releases the lock', async (t) => {
    const page = scriptPage(PAGE);
    const {goals, status} = parts(page);
    t.mock.method(page.window.console, 'error', () => {});
    const readForm = page.window.MentoringLearner.readForm;
    page.window.MentoringLearner.readForm = () => Promise.reject(new Error('the file could not be read'));
    await send(page, goals);
    assert.equal(page.fetch.calls.length, 0);
    assert.match(status.textContent, /Something went wrong on this page/);
    page.window.MentoringLearner.readForm = readForm;
    await send(page, goals);
    assert.equal(page.fetch.calls.length, 1);
});

test('a refused answer marks its fields and the form can be sent again', async () => {
    const page = scriptPage(PAGE);
    const {goals, status} = parts(page);
    page.fetch.answer(400, {error: {code: 'invalid', message: 'Check the goal.', fields: {title: 'Too short.'}}});
    await send(page, goals);
    const input = goals.querySelector('input[name="title"]');
    assert.equal(input.getAttribute('aria-invalid'), 'true');
    assert.equal(status.textContent, 'Check the goal.');
    assert.equal(page.document.activeElement, input);
    await send(page, goals);
    assert.equal(page.fetch.calls.length, 2);
    assert.equal(input.hasAttribute('aria-invalid'), false, 'sending again clears the old marks');
});

test('the same form sent again unchanged keeps its request id; a changed one gets a new id', async () => {
    const page = scriptPage(PAGE);
    const {goals} = parts(page);
    page.fetch.answer(500, {});
    await send(page, goals);
    page.fetch.fail();
    await send(page, goals);
    goals.querySelector('input[name="title"]').value = 'Speak up twice a week';
    page.fetch.answer(200, {sections: {}});
    await send(page, goals);
    page.fetch.answer(200, {sections: {}});
    await send(page, goals);
    const ids = page.fetch.calls.map((call) => call.body.request_id);
    assert.ok(ids.every((id) => typeof id === 'string' && id.length >= 32), ids.join());
    assert.equal(ids[1], ids[0], 'a retry after an error keeps the id');
    assert.notEqual(ids[2], ids[1], 'a changed form is a new request');
    assert.notEqual(ids[3], ids[2], 'after a success the same text is a new request');
});

test('forms that only read send no request id', async () => {
    const page = scriptPage(PAGE);
    const {sessions} = parts(page);
    sessions.setAttribute('data-read', '');
    await send(page, sessions);
    assert.deepEqual(plain(page.fetch.calls[0].body), {notes: 'We met'});
});

test('switching pairs ignores clicks while one pair is loading', async () => {
    const page = scriptPage(PAGE.replace('<p class="mentoring-live"></p>',
        '<p class="mentoring-live"></p><button class="mentoring-switch" data-switch-pair="7">Pair 7</button>'));
    const button = page.document.querySelector('[data-switch-pair]');
    const release = page.fetch.hold();
    button.click();
    button.click();
    await settle(page.window);
    assert.equal(page.fetch.calls.length, 1);
    release(200, {html: '<div class="mentoring-header"><h4>Pair 7</h4></div>'});
    await settle(page.window);
    assert.equal(button.getAttribute('aria-pressed'), 'true');
    page.fetch.fail();
    button.click();
    await settle(page.window);
    assert.equal(page.fetch.calls.length, 2);
});

test('a form that words its own success is announced with it', async () => {
    const page = scriptPage(PAGE.replace('data-action="goal_add"', 'data-action="goal_add" data-success="The goal is marked as achieved."'));
    const {goals} = parts(page);
    page.fetch.answer(200, {sections: {}});
    await send(page, goals);
    await new Promise((resolve) => page.window.setTimeout(resolve, 80));
    assert.equal(page.document.querySelector('.mentoring-live').textContent, 'Saved. The goal is marked as achieved.');
});
