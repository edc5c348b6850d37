// forms.js: a form read into the JSON its handler expects, and the server's field errors shown
// beside their fields.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {plain, scriptPage} from './learner-page.js';

function formPage(inner) {
    const page = scriptPage(`<form id="f" data-action="session_review">${inner}
        <p class="mentoring-form-status"></p></form>`, {init: false});
    return {...page, form: page.document.getElementById('f'), ML: page.window.MentoringLearner};
}

test('readForm maps dotted names to nested JSON and numbered rows to lists', async () => {
    const {form, ML} = formPage(`
        <input name="pair_id" type="hidden" value="4">
        <input name="review.useful" type="radio" value="yes" checked>
        <input name="review.useful" type="radio" value="no">
        <input name="review.notes" value="Good talk">
        <input name="action_items.0.text" value="Read chapter 2">
        <input name="action_items.0.owner" value="mentee">
        <input name="action_items.1.text" value="  ">
        <input name="action_items.1.owner" value="mentor">
        <input name="action_items.2.text" value="Book a room">
        <input name="action_items.2.owner" value="mentor">
        <input name="skipped" value="x" disabled>
        <input name="agree" type="checkbox" value="on">
        <button type="submit" name="ignored" value="x">Send</button>`);
    assert.deepEqual(plain(await ML.readForm(form)), {
        pair_id: '4',
        review: {useful: 'yes', notes: 'Good talk'},
        action_items: [{text: 'Read chapter 2', owner: 'mentee'}, {text: 'Book a room', owner: 'mentor'}],
    });
});

test('readForm gives data-multi checkboxes as a list, empty when none is ticked', async () => {
    const {form, ML} = formPage(`
        <input name="formats" type="checkbox" value="video" data-multi checked>
        <input name="formats" type="checkbox" value="phone" data-multi>
        <input name="formats" type="checkbox" value="chat" data-multi checked>
        <input name="areas" type="checkbox" value="a" data-multi>`);
    assert.deepEqual(plain(await ML.readForm(form)), {formats: ['video', 'chat'], areas: []});
});

test('readForm adds the pressed button when it has a name', async () => {
    const {form, ML, document} = formPage(`<input name="text" value="Draft">
        <button type="submit" name="submit_round" value="final">Submit</button>`);
    const button = document.querySelector('button');
    assert.deepEqual(plain(await ML.readForm(form, button)), {text: 'Draft', submit_round: 'final'});
});

test('showErrors places each message after its field and links it with aria-describedby', () => {
    const {form, ML, document} = formPage(`
        <input id="title" name="goal.title" aria-describedby="title-hint">
        <fieldset><legend>Useful?</legend>
          <input name="review.useful" type="radio" value="yes"><input name="review.useful" type="radio" value="no">
        </fieldset>`);
    const shown = ML.showErrors(form, {
        'goal.title': 'Say what the goal is.',
        'review.useful.0': 'Choose one.',
        'elsewhere': 'Try again later.',
    });
    const title = document.getElementById('title');
    assert.equal(title.getAttribute('aria-invalid'), 'true');
    assert.equal(title.getAttribute('aria-describedby'), 'title-hint title-error');
    assert.equal(title.nextElementSibling.textContent, 'Say what the goal is.');
    assert.equal(shown.first, title);
    const fieldset = form.querySelector('fieldset');
    const radios = fieldset.querySelectorAll('input');
    assert.equal(fieldset.lastElementChild.textContent, 'Choose one.', 'a radio group\'s error goes in its fieldset');
    radios.forEach((radio) => {
        assert.equal(radio.getAttribute('aria-invalid'), 'true');
        assert.equal(radio.getAttribute('aria-describedby'), fieldset.lastElementChild.id);
    });
    assert.deepEqual(plain(shown.unplaced), ['Try again later.']);
});

test('clearErrors removes the messages and marks but keeps other descriptions', () => {
    const {form, ML, document} = formPage('<input id="title" name="title" aria-describedby="title-hint">');
    ML.showErrors(form, {title: 'Too long.'});
    ML.status(form, 'Check the form.', true);
    ML.clearErrors(form);
    const title = document.getElementById('title');
    assert.equal(form.querySelectorAll('.mentoring-field-error').length, 0);
    assert.equal(title.hasAttribute('aria-invalid'), false);
    assert.equal(title.getAttribute('aria-describedby'), 'title-hint');
    const status = form.querySelector('.mentoring-form-status');
    assert.equal(status.textContent, '');
    assert.equal(status.hasAttribute('role'), false);
    assert.equal(status.classList.contains('is-error'), false);
});

test('readForm sends a data-file="base64" file as its bytes, so the server can tell UTF-16 from UTF-8', async () => {
    const {form, ML, window} = formPage('<input name="csv" type="file" data-file="base64">');
    const bytes = new Uint8Array([0xff, 0xfe, 0x6d, 0x00, 0x3b, 0x00]);  // UTF-16 "m;" with its mark
    const file = new window.File([bytes], 'pairs.csv');
    Object.defineProperty(form.elements.csv, 'files', {value: [file]});
    assert.deepEqual(plain(await ML.readForm(form)), {csv_base64: '//5tADsA'});
    assert.equal(ML.base64(new Uint8Array(70000).fill(65)).length, Math.ceil(70000 / 3) * 4);
});

test('readForm sends nothing but a null for a file input left empty', async () => {
    const {form, ML} = formPage('<input name="csv" type="file" data-file="base64">');
    assert.deepEqual(plain(await ML.readForm(form)), {csv: null});
});
