/*
 * Studio editor: where the server's per-field errors are shown.
 *
 * Every field registers the error path it answers for; a refused save puts each message
 * under the field for its path (or its nearest registered parent), marks the control
 * aria-invalid and lists every problem, as links to the fields, in the alert at the top.
 */

import {interpolate, h, empty, describe, firstControl, focusField} from './util.js';

/** Give the editor ed register, forgetBelow, clearErrors, clearErrorsOf, showFieldErrors and the alert. */
export function addErrors(ed) {
    var gettext = ed.gettext;

    /* ----- the error registry: which element shows the message for a path ----- */

    function register(path, entry) {
        ed.registry.set(path, entry);
    }

    function forgetBelow(prefix) {
        Array.from(ed.registry.keys()).forEach(function (key) {
            if (key.indexOf(prefix + '.') === 0) {
                ed.registry.delete(key);
            }
        });
    }

    function resolve(path) {
        var parts = String(path).split('.');
        while (parts.length) {
            var key = parts.join('.');
            if (ed.registry.has(key)) {
                return ed.registry.get(key);
            }
            parts.pop();
        }
        return ed.registry.get('');
    }

    /* ----- messages beside the fields ----- */

    function clearErrors() {
        ed.errorMarks.forEach(unmark);
        ed.errorMarks = [];
        clearAlert();
    }

    function unmark(mark) {
        mark.messages.forEach(function (el) {
            if (el.parentNode) {
                el.parentNode.removeChild(el);
            }
        });
        mark.target.removeAttribute('aria-invalid');
        if (mark.describedBy) {
            mark.target.setAttribute('aria-describedby', mark.describedBy);
        } else {
            mark.target.removeAttribute('aria-describedby');
        }
        if (mark.wrapper) {
            mark.wrapper.classList.remove('ms-invalid');
        }
    }

    function clearErrorsOf(target) {
        ed.errorMarks = ed.errorMarks.filter(function (mark) {
            if (mark.target === target) {
                unmark(mark);
                return false;
            }
            return true;
        });
    }

    function showFieldErrors(fields) {
        var byEntry = new Map();
        var unknown = [];
        Object.keys(fields || {}).forEach(function (path) {
            var entry = resolve(path);
            var problem = {path: path, message: String(fields[path])};
            if (!entry) {
                unknown.push(problem);
                return;
            }
            if (!byEntry.has(entry)) {
                byEntry.set(entry, []);
            }
            byEntry.get(entry).push(problem);
        });
        var problems = [];
        byEntry.forEach(function (entryProblems, entry) {
            var target = entry.control || entry.group;
            ed.reveal(entry.anchor);
            var messages = entryProblems.map(function (problem, i) {
                var message = h('p', {className: 'ms-error', id: ed.uid('error-' + problem.path + '-' + i),
                    text: problem.message});
                if (entry.anchor === target && !entry.control) {
                    // A group: the message goes right under its legend.
                    var legend = target.querySelector('legend');
                    target.insertBefore(message, legend ? legend.nextSibling : target.firstChild);
                } else {
                    entry.anchor.appendChild(message);
                }
                return message;
            });
            var describedBy = target.getAttribute('aria-describedby');
            describe(target, messages.map(function (m) { return m.id; }).concat(describedBy ? [describedBy] : []));
            target.setAttribute('aria-invalid', 'true');
            var wrapper = entry.control ? entry.anchor : null;
            if (wrapper) {
                wrapper.classList.add('ms-invalid');
            }
            ed.errorMarks.push({target: target, messages: messages, describedBy: describedBy, wrapper: wrapper});
            var general = entry === ed.registry.get('');
            entryProblems.forEach(function (problem) {
                problems.push({label: general ? problem.path : entry.label, message: problem.message, target: target,
                    focus: entry.control || firstControl(entry.group) || entry.group});
            });
        });
        problems.sort(function (a, b) {
            if (a.target === b.target) {
                return 0;
            }
            return a.target.compareDocumentPosition(b.target) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
        });
        unknown.forEach(function (problem) {
            problems.push({label: problem.path, message: problem.message, target: null, focus: null});
        });
        return problems;
    }

    /* ----- the alert above the form ----- */

    function showAlert(title, summary, problems) {
        var alertEl = ed.alertEl;
        clearAlert();
        alertEl.classList.add('ms-alert--shown');
        alertEl.appendChild(h('p', {className: 'ms-alert__title', text: title}));
        if (summary) {
            alertEl.appendChild(h('p', {className: 'ms-alert__summary', text: summary}));
        }
        if (problems && problems.length) {
            var listEl = h('ul', {className: 'ms-alert__list'});
            problems.forEach(function (problem) {
                var text = problem.label ?
                    interpolate(gettext('%(field)s \u2013 %(message)s'), {field: problem.label, message: problem.message}) :
                    problem.message;
                var item;
                if (problem.focus) {
                    var link = h('a', {href: '#' + (problem.focus.id || ''), className: 'ms-alert__link', text: text});
                    link.addEventListener('click', function (event) {
                        event.preventDefault();
                        ed.reveal(problem.focus);
                        focusField(problem.focus);
                    });
                    item = h('li', {}, [link]);
                } else {
                    item = h('li', {text: text});
                }
                listEl.appendChild(item);
            });
            alertEl.appendChild(listEl);
        }
    }

    function clearAlert() {
        empty(ed.alertEl);
        ed.alertEl.classList.remove('ms-alert--shown');
    }

    Object.assign(ed, {
        register: register,
        forgetBelow: forgetBelow,
        clearErrors: clearErrors,
        clearErrorsOf: clearErrorsOf,
        showFieldErrors: showFieldErrors,
        showAlert: showAlert,
        clearAlert: clearAlert
    });
}
