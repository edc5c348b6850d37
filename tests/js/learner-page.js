// A page with the learner view's scripts loaded into jsdom, as the runtime loads them: http.js,
// client.js, forms.js and learner.js in order, then the init function on the block's element.
import {readFileSync} from 'node:fs';
import {JSDOM} from 'jsdom';

const JS = new URL('../../static/js/', import.meta.url);
const SCRIPTS = ['http.js', 'client.js', 'forms.js', 'learner.js'].map(
    (name) => readFileSync(new URL(name, JS), 'utf8'),
);

/**
 * A jsdom window showing ``html`` with the learner scripts run in it.
 *
 * Returns {window, document, fetch, view}: fetch is the stub every handler call goes through
 * (fetch.calls lists {url, body}; fetch.answer(status, body) or fetch.fail() queue the next
 * outcomes, fetch.hold() returns a function that lets a held request answer later).
 */
export function scriptPage(html, {init = true} = {}) {
    const dom = new JSDOM(`<!DOCTYPE html><html><body>${html}</body></html>`, {
        runScripts: 'outside-only', url: 'http://workbench.test/scenario/',
    });
    const {window} = dom;
    const fetch = stubFetch(window);
    SCRIPTS.forEach((source) => window.eval(source));
    const page = {window, document: window.document, fetch, view: null};
    if (init) {
        const runtime = {handlerUrl: (element, handler) => `/handler/${handler}`};
        const root = window.document.getElementById('root');
        page.view = window.MentoringLearnerView(runtime, root, {payload: '{}'});
    }
    return page;
}

function stubFetch(window) {
    const outcomes = [];
    const fetch = (url, init) => {
        fetch.calls.push({url, init, body: JSON.parse(init.body)});
        const next = outcomes.shift() || {status: 200, text: '{}'};
        if (next.held) {
            return next.held;
        }
        if (next.network) {
            return Promise.reject(new window.TypeError('Failed to fetch'));
        }
        return Promise.resolve(response(next.status, next.text));
    };
    fetch.calls = [];
    fetch.answer = (status, body) => outcomes.push({status, text: body === undefined ? '' : JSON.stringify(body)});
    fetch.answerText = (status, text) => outcomes.push({status, text});
    fetch.fail = () => outcomes.push({network: true});
    fetch.hold = () => {
        let release;
        const held = new Promise((resolve) => {
            release = (status, body) => resolve(response(status, JSON.stringify(body || {})));
        });
        outcomes.push({held});
        return release;
    };
    window.fetch = fetch;
    return fetch;
}

function response(status, text) {
    return {status, text: () => Promise.resolve(text)};
}

/** A value from the page's realm as a plain value of this one (for deepEqual). */
export function plain(value) {
    return JSON.parse(JSON.stringify(value));
}

/** Let every pending promise callback and zero-delay timer run. */
export async function settle(window) {
    for (let i = 0; i < 10; i++) {
        await new Promise((resolve) => window.setTimeout(resolve, 0));
    }
}
