/*
 * Studio editor: Save and Cancel.
 *
 * Save posts the whole program to the studio_submit handler and tells the host page (Studio
 * or the authoring app) through runtime.notify. A refused save keeps every edit on the page
 * and shows what to fix; Cancel closes the editor, or without a host page discards the edits.
 */

import {interpolate, clone, focusField} from './util.js';

/** Give the editor ed its save and cancel actions. */
export function addSave(ed) {
    var gettext = ed.gettext;
    var saveButton = ed.saveButton;

    function handlerUrl() {
        return ed.runtime.handlerUrl(ed.host, 'studio_submit');
    }

    function failed(message, problems) {
        var title = gettext('Could not save');
        ed.showAlert(title, message, problems);
        ed.announce('');
        ed.notify('error', {title: title, message: message});
    }

    // One save at a time: clicks while one is under way are ignored. The lock is released
    // however the save ends, an error while its answer is shown included.
    function save() {
        if (ed.saving) {
            return Promise.resolve();
        }
        ed.saving = true;
        saveButton.setAttribute('aria-disabled', 'true');
        var saving = new Promise(function (resolve) {
            ed.clearErrors();
            var payload = ed.collect();
            ed.announce(gettext('Saving…'));
            ed.notify('save', {state: 'start'});
            resolve(window.MentoringHttp.postJson(handlerUrl(), payload));
        }).then(function (result) {
            release();
            if (result.status === 0) {
                failed(gettext('The server could not be reached. Check your connection and try again; your changes are still here.'));
                return;
            }
            handleResponse(result.status, result.body);
        });
        return saving.catch(function (err) {
            release();
            if (window.console && window.console.error) {
                window.console.error(err);
            }
            failed(gettext('Something went wrong on this page. Please reload it and try again.'));
        });
    }

    function release() {
        ed.saving = false;
        saveButton.removeAttribute('aria-disabled');
    }

    function handleResponse(status, body) {
        var error = body && body.error ? body.error : null;
        if (status >= 200 && status < 300) {
            if (body && body.program) {
                ed.saved = clone(body.program);
                ed.load(ed.saved);
                ed.render();
            } else {
                ed.saved = ed.collect();
            }
            ed.notify('save', {state: 'end'});
            ed.announce(gettext('Saved.'));
            return;
        }
        if (status === 400 && error) {
            var summary = error.message || gettext('Some fields need your attention.');
            var problems = ed.showFieldErrors(error.fields || {});
            failed(summary, problems);
            var first = problems.filter(function (p) { return p.focus; })[0];
            if (first) {
                focusField(first.focus);
            }
            return;
        }
        if (status === 403) {
            failed(gettext('You are not allowed to change this block. Your changes have not been saved.'));
            return;
        }
        failed(error && error.message ? error.message : interpolate(
            gettext('The server could not save your changes (error %(status)s). Your changes are still here; please try again.'),
            {status: status}
        ));
    }

    function cancel() {
        var runtime = ed.runtime;
        if (runtime && typeof runtime.notify === 'function') {
            runtime.notify('cancel', {});
            return;
        }
        // No host page to close the editor (the xblock-sdk workbench): discard the edits instead.
        ed.clearErrors();
        ed.load(ed.saved);
        ed.render();
        ed.announce(gettext('Changes discarded.'));
    }

    ed.save = save;
    ed.cancel = cancel;
}
