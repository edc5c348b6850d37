/*
 * The learner view (and the author preview). One init function; its data arrives as a JSON
 * string in args.payload, so that no text can break out of the runtime's script tag.
 *
 * Every form names its handler in data-action. A successful answer carries the re-rendered,
 * server-escaped HTML of what changed (the sections of the pair's workspace, the learner's
 * main area, or the staff panel), which replaces it; focus then moves to the heading named
 * in data-focus and the outcome is announced. A refused answer marks the fields it names.
 */
function MentoringLearnerView(runtime, element, args) {
    'use strict';

    var ML = window.MentoringLearner;
    var root = element && element.jquery ? element[0] : element;
    var gettext = (window.MentoringXBlockI18N && window.MentoringXBlockI18N.gettext) || function (s) { return s; };
    var data = {};
    try {
        data = JSON.parse((args && args.payload) || '{}');
    } catch (err) {
        data = {};
    }

    // The browser's time zone, kept in a cookie for the server, which shows times in the
    // reader's zone: the one the user chose on the platform, else this one (core/platform.py).
    function rememberZone() {
        var zone = '';
        try {
            zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
        } catch (err) {
            return;
        }
        if (!/^[A-Za-z0-9_+/-]{1,64}$/.test(zone) || document.cookie.split('; ').indexOf('mentoring-tz=' + zone) >= 0) {
            return;
        }
        document.cookie = 'mentoring-tz=' + zone + '; path=/; max-age=31536000; SameSite=Lax';
    }

    rememberZone();
    var block = root.querySelector('.mentoring-block');
    if (!block) {
        return {data: data};
    }
    var client = ML.client(runtime, root);
    var live = block.querySelector('.mentoring-live');

    var SUCCESS = {
        agreement_save: gettext('The agreement is saved. Both of you now sign this version.'),
        agreement_sign: gettext('You signed the agreement.'),
        goal_add: gettext('The goal is added.'),
        goal_edit: gettext('The goal is saved.'),
        goal_progress: gettext('The progress update is added.'),
        session_log: gettext('The session is logged. Your partner will be asked to confirm it.'),
        session_review: gettext('Thank you: the session is reviewed.'),
        action_done: gettext('The action item is marked done.'),
        assessment_save: gettext('Your draft is saved. Only you can see it until you submit.'),
        assessment_submit: gettext('Your assessment is submitted.'),
        workspace_state: gettext('The whole history is shown.'),
        invite_create: gettext('Your code is ready: share it with your partner.'),
        invite_redeem: gettext('You are paired. Your workspace is below.'),
        staff_add_pair: gettext('The pair is created.'),
        staff_import_pairs: gettext('The file is processed: see the report below.'),
        staff_preview_pairs: gettext('The preview of the file is below: check it, then confirm.'),
        staff_end_pair: gettext('The pairing has ended.'),
        staff_reassign: gettext('The mentee has a new mentor.'),
        session_plan: gettext('The session is planned. Download the calendar invite to add it to your calendar.'),
        session_reschedule: gettext('The session is rescheduled. Download the invite again to update your calendar.'),
        session_cancel: gettext('The session is cancelled. Download the invite again to remove it from your calendar.')
    };

    // The block's one polite live region, shown on screen too (it stays in view at the top of
    // the block): every outcome is both read out and seen.
    function announce(text) {
        if (live) {
            live.textContent = '';
            window.setTimeout(function () { live.textContent = text; }, 50);
        }
    }

    // -- sections that open and close ----------------------------------------------------------
    // Each section of a pair's page has a button in its heading (aria-expanded) that shows or
    // hides its body. The reader's choice is kept per pair and section (ML.folds); a section the
    // page first shows closed is not rendered (data-lazy) and is read when first opened.
    var storage = null;
    try {
        storage = window.localStorage;
    } catch (err) {
        storage = null;
    }

    function foldPair(button) {
        var pair = button.closest('[data-pair-id]');
        return pair ? pair.getAttribute('data-pair-id') : '';
    }

    function foldBody(button) {
        return block.querySelector('[id="' + button.getAttribute('aria-controls') + '"]');
    }

    function isOpen(button) {
        return button.getAttribute('aria-expanded') === 'true';
    }

    /** Open or close a section; resolves once its content is there (read from the server if needed). */
    function setFold(button, open, remember) {
        var body = foldBody(button);
        button.setAttribute('aria-expanded', open ? 'true' : 'false');
        if (body) {
            body.hidden = !open;
        }
        if (remember) {
            ML.folds.write(storage, foldPair(button), button.getAttribute('data-fold'), open);
        }
        if (open && body && body.hasAttribute('data-lazy')) {
            return loadSection(button, body);
        }
        return Promise.resolve(button);
    }

    function loadSection(button, body) {
        if (body.mentoringLoading) {
            return body.mentoringLoading;
        }
        var name = button.getAttribute('data-fold');
        var pairId = foldPair(button);
        var workspace = button.closest('.mentoring-workspace');
        body.setAttribute('aria-busy', 'true');
        body.textContent = gettext('Loading…');
        body.mentoringLoading = client.call('workspace_state', {pair_id: pairId, sections: [name]}).then(function (result) {
            body.removeAttribute('aria-busy');
            delete body.mentoringLoading;
            if (result.status !== 200 || !result.body || !result.body.sections) {
                body.textContent = failure(result.status, result.body);
                return button;
            }
            refill(workspace, result.body.sections);
            return workspace.querySelector('[data-fold="' + name + '"]') || button;
        });
        return body.mentoringLoading;
    }

    // After a part of the page is replaced: each section takes the state the reader chose for
    // it, else the one it had (``before``: open or not, by section), else the server's.
    function applyFolds(scope, before) {
        if (!scope) {
            return;
        }
        Array.prototype.forEach.call(scope.querySelectorAll('button[data-fold]'), function (button) {
            var name = button.getAttribute('data-fold');
            var chosen = ML.folds.read(storage, foldPair(button), name);
            if (chosen === null && before && Object.prototype.hasOwnProperty.call(before, name)) {
                chosen = before[name];
            }
            if (chosen !== null && chosen !== isOpen(button)) {
                setFold(button, chosen, false);
            }
        });
    }

    function foldStates(scope) {
        var states = {};
        Array.prototype.forEach.call(scope ? scope.querySelectorAll('button[data-fold]') : [], function (button) {
            states[button.getAttribute('data-fold')] = isOpen(button);
        });
        return states;
    }

    /** Open the section ``name`` of the pair shown around ``from``; resolves to its heading's button. */
    function openSection(from, name) {
        var workspace = from.closest('.mentoring-workspace') || block;
        var button = workspace.querySelector('button[data-fold="' + name + '"]');
        if (!button) {
            return Promise.resolve(null);
        }
        return setFold(button, true, true);
    }

    function focusIn(scope, selector) {
        var target = scope && scope.querySelector(selector);
        if (target) {
            target.focus();
        }
        return target;
    }

    // The likely actions at the top of the page: each opens the section it needs and moves focus there.
    var GOTO = {
        log: function (button) {
            return openSection(button, 'sessions').then(function (fold) {
                var section = fold && fold.closest('section');
                var editor = section && section.querySelector('details.mentoring-editor');
                if (editor) {
                    editor.open = true;
                    focusIn(editor, 'input:not([type="hidden"]), select, textarea');
                }
            });
        },
        confirm: function (button) {
            return openSection(button, 'sessions').then(function (fold) {
                var section = fold && fold.closest('section');
                focusIn(section, '.mentoring-review-form button[value="confirm"]');
            });
        },
        plan: function (button) {
            var editor = document.getElementById(button.getAttribute('aria-controls'));
            if (editor) {
                editor.open = true;
                focusIn(editor, 'input:not([type="hidden"]), select, textarea');
            } else {  // as many sessions planned ahead as a pair may: the list says so
                var workspace = button.closest('.mentoring-workspace') || block;
                focusIn(workspace, 'section[data-section="schedule"] [tabindex="-1"]');
            }
            return Promise.resolve(editor);
        },
        agenda: function (button) {
            return openSection(button, 'agenda').then(function (fold) {
                if (fold) {
                    fold.focus();  // the agenda's heading, its items (the next one first uncovered) below
                }
            });
        }
    };

    function regionFor(form, target) {
        if (target === 'main') {
            return block.querySelector('.mentoring-main');
        }
        if (target === 'staff') {
            return block.querySelector('.mentoring-staff-area');
        }
        if (target === 'reminders') {
            return form.closest('[data-reminders]');
        }
        return form.closest('.mentoring-workspace');
    }

    function replace(region, html) {
        if (region && typeof html === 'string') {
            region.innerHTML = html;  // server-rendered by Django templates, which escape all text
        }
    }

    // A write to a pair answers with the sections of its workspace that changed: each refills
    // its slot (data-part) in that workspace and the rest of the page stays as it is.
    function refill(region, sections) {
        Object.keys(sections).forEach(function (name) {
            var slot = region && region.querySelector('[data-part="' + name + '"]');
            var before = foldStates(slot);
            replace(slot, sections[name]);
            applyFolds(slot, before);
        });
    }

    function focusById(id) {
        var target = id ? block.querySelector('[id="' + id + '"]') : null;
        if (target) {
            if (!target.hasAttribute('tabindex')) {
                target.setAttribute('tabindex', '-1');
            }
            target.focus();
        }
    }

    function failure(status, body) {
        var error = body && body.error;
        if (status === 0) {
            return gettext('The server could not be reached. Check your connection and try again; nothing was lost.');
        }
        if (error && error.message) {
            return error.message;
        }
        return gettext('Something went wrong on the server. Please try again.');
    }

    // Forms with a request under way. The lock is per form: a second click on the same form
    // is ignored until its answer is shown, while the page's other forms (a filter, another
    // goal) stay usable. It is released however the submission ends (an answer, no answer, or
    // an error while the answer is shown), so a form never stays locked.
    var running = new WeakSet();
    var switching = false;

    // Run done() once the promise settles, whichever way; the promise's outcome is kept.
    function always(promise, done) {
        return promise.then(function (value) {
            done();
            return value;
        }, function (err) {
            done();
            throw err;
        });
    }

    // A script error while a form was sent or its answer shown: said in the form, not hidden.
    function broken(form, err) {
        if (window.console && window.console.error) {
            window.console.error(err);
        }
        ML.status(form, gettext('Something went wrong on this page. Please reload it and try again.'), true);
    }

    /** Send a form to its handler and show the answer; resolves when all is done. */
    function submit(form, submitter) {
        if (running.has(form)) {
            return Promise.resolve();
        }
        running.add(form);
        form.setAttribute('aria-busy', 'true');
        var sending = new Promise(function (resolve) {
            // A form may offer two actions (save a draft, submit): the button pressed names its own.
            var action = (submitter && submitter.getAttribute('data-action')) || form.getAttribute('data-action');
            // Forms marked data-read only fetch (filters, search, pages of the staff list).
            var writes = !form.hasAttribute('data-read');
            ML.clearErrors(form);
            ML.status(form, writes ? gettext('Saving…') : gettext('Loading…'), false);
            resolve(ML.readForm(form, submitter).then(function (payload) {
                if (writes) {
                    payload.request_id = requestId(form, action, payload);
                }
                return client.call(action, payload);
            }).then(function (result) {
                form.removeAttribute('aria-busy');
                show(form, action, result);
            }));
        });
        return always(sending, function () {
            running.delete(form);
            form.removeAttribute('aria-busy');
        }).catch(function (err) {
            broken(form, err);
        });
    }

    function show(form, action, result) {
        var target = form.getAttribute('data-target');
        var focusId = form.getAttribute('data-focus');
        var body = result.body || {};
        if (result.status >= 200 && result.status < 300) {
            delete form.mentoringRequest;
            ML.status(form, '', false);  // "Saving…" goes; the outcome is announced below
            var region = regionFor(form, target);
            if (body.sections) {
                refill(region, body.sections);
            } else {
                var before = foldStates(region);
                replace(region, body.html);
                applyFolds(region, before);
            }
            // An answer may word its own announcement (the staff list: how many pairs it shows).
            // A form may word its own success (marking a goal achieved, a re-signed agreement).
            var message = body.announce || form.getAttribute('data-success') || SUCCESS[action] || '';
            if (!form.hasAttribute('data-read')) {
                // Every save says so in the same word first, on screen and aloud.
                message = (gettext('Saved.') + ' ' + message).trim();
            }
            if (body.invite && body.invite.code) {
                message = message + ' ' + body.invite.code;
            }
            announce(message);
            focusById(focusId);
            return;
        }
        var error = body.error || {};
        if (result.status === 409 && error.current && error.current.html) {
            if (keepWork(form, error.current.html)) {
                // The form stays open with what this person wrote; the message says why.
                var box = form.querySelector('.mentoring-conflict');
                ML.status(form, failure(result.status, body), true);
                if (box) {
                    box.focus();
                }
                return;
            }
            // The partner changed it meanwhile: show their version, then say so.
            var current = regionFor(form, target);
            var states = foldStates(current);
            replace(current, error.current.html);
            applyFolds(current, states);
            announce(failure(result.status, body));
            focusById(focusId);
            return;
        }
        var marked = ML.showErrors(form, error.fields);
        var text = failure(result.status, body);
        if (marked.unplaced.length) {
            text = text + ' ' + marked.unplaced.join(' ');
        }
        ML.status(form, text, true);
        if (marked.first) {
            marked.first.focus();
        }
    }

    function newRequestId() {
        if (window.crypto && window.crypto.randomUUID) {
            return window.crypto.randomUUID();
        }
        var bytes = new Uint8Array(16);
        window.crypto.getRandomValues(bytes);
        return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
    }

    // Every write carries a request id. The same submission sent again (after an answer that
    // never came, a server error, a second click) keeps its id, so the server answers it as the
    // first time and creates nothing twice; a changed form is a new request with a new id.
    function requestId(form, action, payload) {
        var sent = JSON.stringify([action, payload]);
        var last = form.mentoringRequest;
        if (!last || last.sent !== sent) {
            last = form.mentoringRequest = {sent: sent, id: newRequestId()};
        }
        return last.id;
    }

    // Where the partner's version of what a form edits is, in the workspace a 409 carries.
    var EDITED = {
        goal_edit: function (form, workspace) {
            var goal = form.querySelector('input[name="goal_id"]');
            return goal && workspace.querySelector('[data-goal-id="' + goal.value + '"]');
        },
        agreement_save: function (form, workspace) {
            return workspace.querySelector('[data-section="agreement"]');
        }
    };

    // The partner saved the same goal or agreement first. Keep what this person wrote in the
    // form, show the partner's version inside it (read only), and take the partner's version
    // number, so that saving again is one click and puts theirs over it. False when the answer
    // does not hold what this needs (the page then shows the partner's version instead).
    function keepWork(form, html) {
        var action = form.getAttribute('data-action');
        var mine = form.querySelector('input[name="version"]');
        var holder = document.createElement('div');
        holder.innerHTML = html;  // server-rendered by Django templates, which escape all text
        var theirs = EDITED[action] && EDITED[action](form, holder);
        var version = theirs && theirs.querySelector('form[data-action="' + action + '"] input[name="version"]');
        if (!mine || !version) {
            return false;
        }
        mine.value = version.value;
        var shown = theirs.cloneNode(true);
        if (shown.tagName === 'LI') {  // a goal's card, out of its list
            var card = document.createElement('div');
            card.className = shown.className;
            while (shown.firstChild) {
                card.appendChild(shown.firstChild);
            }
            shown = card;
        }
        Array.prototype.forEach.call(shown.querySelectorAll('form, details, .mentoring-form-status'), function (el) {
            el.parentNode.removeChild(el);
        });
        // A copy to read, not a second live goal or section: no ids, no hooks the page looks up.
        var hooks = ['id', 'aria-labelledby', 'tabindex', 'data-section', 'data-goal-id', 'data-part'];
        var marked = shown.querySelectorAll('[' + hooks.join('], [') + ']');
        [shown].concat(Array.prototype.slice.call(marked)).forEach(function (el) {
            hooks.forEach(function (name) { el.removeAttribute(name); });
        });
        var box = form.querySelector('.mentoring-conflict');
        if (!box) {
            box = document.createElement('div');
            box.className = 'mentoring-conflict';
            box.setAttribute('role', 'group');
            box.setAttribute('tabindex', '-1');
            var first = form.querySelector('.mentoring-privacy') || form.firstElementChild;
            form.insertBefore(box, first);
        }
        box.setAttribute('aria-label', gettext('Your partner\'s version'));
        box.innerHTML = '';
        var title = document.createElement('p');
        title.className = 'mentoring-conflict-title';
        title.textContent = gettext('Your partner\'s version, saved while you were editing:');
        box.appendChild(title);
        box.appendChild(shown);
        return true;
    }

    block.addEventListener('submit', function (event) {
        var form = event.target.closest('form[data-action]');
        if (!form) {
            return;
        }
        event.preventDefault();
        submit(form, event.submitter);
    });

    block.addEventListener('click', function (event) {
        var fold = event.target.closest('button[data-fold]');
        if (fold) {
            setFold(fold, !isOpen(fold), true);
            return;
        }
        var go = event.target.closest('[data-goto]');
        if (go && GOTO[go.getAttribute('data-goto')]) {
            GOTO[go.getAttribute('data-goto')](go);
            return;
        }
        var switcher = event.target.closest('[data-switch-pair]');
        if (switcher) {
            showPair(switcher);
            return;
        }
        var adder = event.target.closest('[data-add-row]');
        if (adder) {
            addRow(adder);
        }
    });

    // One pair is opened at a time: clicks while one is loading are ignored.
    function showPair(button) {
        if (switching) {
            return Promise.resolve();
        }
        switching = true;
        var pairId = button.getAttribute('data-switch-pair');
        var inStaff = button.closest('.mentoring-staff');
        var region = inStaff ? inStaff.querySelector('.mentoring-staff-workspace') :
            block.querySelector('.mentoring-main .mentoring-workspace');
        var loading = new Promise(function (resolve) {
            resolve(client.call('workspace_state', {pair_id: pairId}));
        }).then(function (result) {
            if (result.status !== 200 || !result.body) {
                announce(failure(result.status, result.body));
                return;
            }
            if (!region) {
                // A learner opening a past pairing while no workspace is shown.
                region = document.createElement('div');
                region.className = 'mentoring-workspace';
                block.querySelector('.mentoring-main').appendChild(region);
            }
            replace(region, result.body.html);
            region.setAttribute('data-pair-id', pairId);
            applyFolds(region);
            Array.prototype.forEach.call(block.querySelectorAll('.mentoring-switch'), function (el) {
                el.setAttribute('aria-pressed', el.getAttribute('data-switch-pair') === pairId ? 'true' : 'false');
            });
            var heading = region.querySelector('.mentoring-header [id$="-head"]');
            if (heading) {
                heading.focus();
            }
        });
        return always(loading, function () {
            switching = false;
        }).catch(function (err) {
            if (window.console && window.console.error) {
                window.console.error(err);
            }
            announce(gettext('Something went wrong on this page. Please reload it and try again.'));
        });
    }

    function addRow(button) {
        var name = button.getAttribute('data-add-row');
        var form = button.closest('form');
        var rows = form.querySelector('[data-rows="' + name + '"]');
        var template = form.querySelector('template[data-row-template="' + name + '"]');
        var count = rows.querySelectorAll('[data-row]').length;
        var max = parseInt(rows.getAttribute('data-max') || '10', 10);
        if (count >= max) {
            announce(gettext('You cannot add more rows here.'));
            return;
        }
        rows.insertAdjacentHTML('beforeend', template.innerHTML.split('__index__').join(String(count)));
        var added = rows.querySelectorAll('[data-row]')[count];
        var first = added && added.querySelector('input, select, textarea');
        if (first) {
            first.focus();
        }
        if (count + 1 >= max) {
            button.disabled = true;
        }
    }

    // The sections as this reader left them (those opened that the page shows closed are read now).
    applyFolds(block);
    block.setAttribute('data-ready', 'true');
    block.setAttribute('data-state', data.state || block.getAttribute('data-state') || '');
    return {data: data};
}
