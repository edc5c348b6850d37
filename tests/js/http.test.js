// http.js: postJson resolves {status, body} for every outcome and sends Django's CSRF token.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {plain, scriptPage} from './learner-page.js';

function http() {
    const page = scriptPage('', {init: false});
    return {...page, postJson: page.window.MentoringHttp.postJson};
}

test('a JSON answer resolves to its status and body', async () => {
    const {fetch, postJson, document} = http();
    document.cookie = 'csrftoken=abc%3D1';
    fetch.answer(201, {ok: true});
    assert.deepEqual(plain(await postJson('/h', {a: 1})), {status: 201, body: {ok: true}});
    const [call] = fetch.calls;
    assert.equal(call.init.method, 'POST');
    assert.equal(call.init.headers['X-CSRFToken'], 'abc=1');
    assert.equal(call.init.headers['Content-Type'], 'application/json');
    assert.deepEqual(call.body, {a: 1});
});

test('an error status keeps its JSON body', async () => {
    const {fetch, postJson} = http();
    fetch.answer(409, {error: {code: 'conflict'}});
    assert.deepEqual(plain(await postJson('/h')), {status: 409, body: {error: {code: 'conflict'}}});
    assert.deepEqual(fetch.calls[0].body, {}, 'no data is sent as an empty object');
});

test('an answer that is not JSON, or empty, resolves with a null body', async () => {
    const {fetch, postJson} = http();
    fetch.answerText(502, '<html>Bad gateway</html>');
    fetch.answerText(204, '');
    assert.deepEqual(plain(await postJson('/h')), {status: 502, body: null});
    assert.deepEqual(plain(await postJson('/h')), {status: 204, body: null});
});

test('a network failure resolves with status 0', async () => {
    const {fetch, postJson} = http();
    fetch.fail();
    assert.deepEqual(plain(await postJson('/h')), {status: 0, body: null});
});

test('readCookie finds one cookie among several', () => {
    const {window, document} = http();
    document.cookie = 'a=1';
    document.cookie = 'csrftoken=xyz';
    assert.equal(window.MentoringHttp.readCookie('csrftoken'), 'xyz');
    assert.equal(window.MentoringHttp.readCookie('missing'), null);
});
