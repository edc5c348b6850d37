/*
 * Studio editor for the mentorship XBlock (studio_view): the init function and its wiring.
 *
 * The server renders templates/studio.html (root container, headings, Save and Cancel)
 * and passes the authored program as a JSON string in args.payload. The editor builds the
 * form from it, keeps an in-memory copy of the program in step with every input, and posts
 * the whole program to the studio_submit handler.
 *
 * Each editor's state lives in one object, `ed`, that the other modules of this folder fill
 * with their functions (addErrors and the like); they reach each other's functions through
 * it, so every editor on a page keeps its own state.
 */

import {addAgenda} from './agenda.js';
import {addErrors} from './errors.js';
import {addFields} from './fields.js';
import {addListItems} from './list-items.js';
import {addLists} from './lists.js';
import {addProgram} from './program.js';
import {addSave} from './save.js';
import {addSections} from './sections.js';
import {clone, idRule, translator} from './util.js';

var instanceCount = 0;

export function createEditor(runtime, host, data) {
    var root = host.classList.contains('mentoring-studio') ? host : host.querySelector('.mentoring-studio');
    if (!root) {
        root = host;
    }
    instanceCount += 1;
    var idPrefix = 'ms' + instanceCount + Math.random().toString(36).slice(2, 6);

    var ed = {
        gettext: translator(),
        runtime: runtime,
        host: host,
        sectionsEl: root.querySelector('[data-ms-sections]'),
        alertEl: root.querySelector('[data-ms-alert]'),
        statusEl: root.querySelector('[data-ms-status]'),
        saveButton: root.querySelector('[data-ms-save]'),
        limits: data.limits,                    // the program's caps, the server's (core/limits.py)
        idRule: idRule(data.ids),               // how entry ids are made and checked, the server's
        choices: data.choices || {},
        saved: clone(data.program || {}),   // the last program the server confirmed
        program: null,                          // the program being edited
        autoIds: new WeakSet(),                 // items whose id still follows their title
        areaRefs: new WeakMap(),                // agenda item -> [learning area object | unknown id]
        promptText: new WeakMap(),              // agenda item -> raw textarea text
        openItems: new WeakSet(),               // list items whose fields are shown
        registry: new Map(),                    // error path -> {control, group, anchor, label}
        listConfig: {},                         // list key -> wording, blank item, item fields
        lists: {},                              // list key -> {listEl, addButton, note, config}
        errorMarks: [],                         // [{target, messages, describedBy}]
        saving: false
    };
    var cancelButton = root.querySelector('[data-ms-cancel]');
    var announceTimer = null;

    ed.uid = function (name) {
        return idPrefix + '-' + String(name).replace(/[^A-Za-z0-9_-]/g, '-');
    };

    ed.notify = function (name, payload) {
        if (runtime && typeof runtime.notify === 'function') {
            runtime.notify(name, payload);
        }
    };

    ed.announce = function (text) {
        window.clearTimeout(announceTimer);
        ed.statusEl.textContent = '';
        // New text after a short pause makes screen readers announce a repeated message too.
        announceTimer = window.setTimeout(function () {
            ed.statusEl.textContent = text;
        }, 50);
    };

    addErrors(ed);
    addFields(ed);
    addLists(ed);
    addListItems(ed);
    addAgenda(ed);
    addSections(ed);
    addProgram(ed);
    addSave(ed);

    // The action bar sticks to the bottom of the scrolling page or modal; a field that gets
    // the focus underneath it (Tab, or focus moved by the editor) is brought into view. Not
    // when a press of the mouse gives the focus: the page moving under the pointer between
    // press and release would lose the click (a toggle, a checkbox at the bar's edge).
    var actionsBar = ed.saveButton.closest('.ms-actions');
    var pressing = false;
    root.addEventListener('mousedown', function () {
        pressing = true;
        window.setTimeout(function () {
            pressing = false;
        }, 0);
    });
    root.addEventListener('focusin', function (event) {
        if (!actionsBar || pressing || actionsBar.contains(event.target)) {
            return;
        }
        var bar = actionsBar.getBoundingClientRect();
        var box = event.target.getBoundingClientRect();
        if (box.bottom > bar.top && box.top < bar.bottom && event.target.scrollIntoView) {
            event.target.scrollIntoView({block: 'center'});
        }
    });

    ed.saveButton.addEventListener('click', ed.save);
    cancelButton.addEventListener('click', ed.cancel);
    ed.load(ed.saved);
    ed.render();

    return {collect: ed.collect, save: ed.save, cancel: ed.cancel};
}

/**
 * XBlock init function (studio_view).
 *
 * Args:
 *   runtime: the XBlock JS runtime (handlerUrl; notify in Studio).
 *   element: the block's root element, or a jQuery object wrapping it.
 *   args: {payload: "<JSON string>"} with program, choices, limits and ids (the id rule).
 */
export function MentoringStudioEditor(runtime, element, args) {
    var host = element && element.jquery ? element[0] : element;
    var data = JSON.parse((args && args.payload) || '{}');
    return createEditor(runtime, host, data);
}
