/*
 * Studio editor for the mentorship XBlock (studio_view).
 *
 * The server renders templates/studio.html (root container, headings, Save and Cancel)
 * and passes the authored program as a JSON string in args.payload. This file builds the
 * form from it, keeps an in-memory copy of the program in step with every input, and posts
 * the whole program to the studio_submit handler.
 *
 * Author text only ever reaches the page through textContent and value, never innerHTML.
 * Plain ES2017, no framework and no jQuery: the editor runs in the xblock-sdk workbench,
 * in legacy Studio and inside the authoring app's iframe modal.
 */
(function () {
    'use strict';

    var instanceCount = 0;
    var ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
    var DEFAULT_LIMITS = {
        learning_areas: 30, agenda: 60, rating_scale: 10, questions: 20, prompts: 10, links: 10,
        title: 200, text: 4000, url: 2000
    };

    /* ---------- small helpers that need no translation ---------- */

    // Replace %(name)s placeholders; values are inserted as plain text by the caller.
    function interpolate(template, params) {
        return String(template).replace(/%\((\w+)\)s/g, function (match, key) {
            return Object.prototype.hasOwnProperty.call(params || {}, key) ? String(params[key]) : match;
        });
    }

    // Build an element. Text goes through textContent/value, never through HTML parsing.
    function h(tag, attrs, children) {
        var el = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (key) {
            var value = attrs[key];
            if (value === null || value === undefined || value === false) {
                return;
            }
            if (key === 'text') {
                el.textContent = value;
            } else if (key === 'className') {
                el.className = value;
            } else if (key === 'value' || key === 'checked' || key === 'disabled') {
                el[key] = value;
            } else if (key.slice(0, 2) === 'on' && typeof value === 'function') {
                el.addEventListener(key.slice(2), value);
            } else {
                el.setAttribute(key, value === true ? '' : String(value));
            }
        });
        (children || []).forEach(function (child) {
            if (child) {
                el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
            }
        });
        return el;
    }

    function readCookie(name) {
        var found = null;
        (document.cookie || '').split(';').forEach(function (part) {
            var pair = part.trim();
            if (pair.slice(0, name.length + 1) === name + '=') {
                found = decodeURIComponent(pair.slice(name.length + 1));
            }
        });
        return found;
    }

    // "Giving feedback" -> "giving-feedback"; at most 48 characters, cut at a word boundary.
    function slugify(text) {
        var slug = String(text || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
            .toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
        if (slug.length > 48) {
            slug = slug.slice(0, 48);
            var cut = slug.lastIndexOf('-');
            slug = (cut > 16 ? slug.slice(0, cut) : slug).replace(/-+$/g, '');
        }
        return ID_PATTERN.test(slug) ? slug : '';
    }

    function uniqueId(base, fallbackPrefix, items, self) {
        var taken = {};
        items.forEach(function (item) {
            if (item !== self) {
                taken[item.id] = true;
            }
        });
        if (base && !taken[base]) {
            return base;
        }
        var n = base ? 2 : items.length;
        var candidate;
        do {
            candidate = base ? base + '-' + n : fallbackPrefix + '-' + n;
            n += 1;
        } while (taken[candidate]);
        return candidate;
    }

    function toNumber(raw) {
        var text = String(raw).trim();
        if (text === '') {
            return null;
        }
        var number = Number(text);
        return isFinite(number) ? number : text;
    }

    function numberText(value) {
        return value === null || value === undefined ? '' : String(value);
    }

    function splitLines(text) {
        return String(text || '').split(/\r?\n/).map(function (line) {
            return line.trim();
        }).filter(function (line) {
            return line !== '';
        });
    }

    function clone(value) {
        return JSON.parse(JSON.stringify(value));
    }

    function isFormControl(el) {
        return /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(el.tagName);
    }

    function firstControl(container) {
        return container && container.querySelector('input:not([disabled]), textarea:not([disabled]), ' +
            'select:not([disabled]), button:not([disabled])');
    }

    /* ---------- the editor ---------- */

    function createEditor(runtime, host, data) {
        var gettext = (window.MentoringXBlockI18N && window.MentoringXBlockI18N.gettext) ||
            function (s) { return s; };

        var root = host.classList.contains('mentoring-studio') ? host : host.querySelector('.mentoring-studio');
        if (!root) {
            root = host;
        }
        var sectionsEl = root.querySelector('[data-ms-sections]');
        var alertEl = root.querySelector('[data-ms-alert]');
        var statusEl = root.querySelector('[data-ms-status]');
        var saveButton = root.querySelector('[data-ms-save]');
        var cancelButton = root.querySelector('[data-ms-cancel]');

        instanceCount += 1;
        var idPrefix = 'ms' + instanceCount + Math.random().toString(36).slice(2, 6);
        var limits = Object.assign({}, DEFAULT_LIMITS, data.limits || {});
        var choices = data.choices || {};

        var saved = clone(data.program || {});   // the last program the server confirmed
        var program = null;                       // the program being edited
        var autoIds = new WeakSet();              // items whose id still follows their title
        var areaRefs = new WeakMap();             // agenda item -> [learning area object | unknown id]
        var promptText = new WeakMap();           // agenda item -> raw textarea text
        var registry = new Map();                 // error path -> {control, group, anchor, label}
        var lists = {};                           // list key -> {listEl, addButton, note, config}
        var errorMarks = [];                      // [{target, messages, describedBy}]
        var saving = false;
        var announceTimer = null;

        function uid(name) {
            return idPrefix + '-' + String(name).replace(/[^A-Za-z0-9_-]/g, '-');
        }

        function notify(name, payload) {
            if (runtime && typeof runtime.notify === 'function') {
                runtime.notify(name, payload);
            }
        }

        function announce(text) {
            window.clearTimeout(announceTimer);
            statusEl.textContent = '';
            // New text after a short pause makes screen readers announce a repeated message too.
            announceTimer = window.setTimeout(function () {
                statusEl.textContent = text;
            }, 50);
        }

        /* ----- per-list wording (full sentences, so translators see them whole) ----- */

        var LISTS = {
            learning_areas: {
                limitKey: 'learning_areas', idPrefix: 'area', titleKey: 'title', reorder: true,
                legend: gettext('Learning areas'),
                hint: gettext('The skills or topics a pair works on. Mentees and mentors rate progress in each area.'),
                item: gettext('Learning area %(n)s'),
                add: gettext('Add learning area'),
                up: gettext('Move learning area %(n)s up'),
                down: gettext('Move learning area %(n)s down'),
                remove: gettext('Remove learning area %(n)s'),
                removed: gettext('Learning area %(n)s removed.'),
                moved: gettext('Learning area moved to position %(n)s.'),
                full: gettext('The program can have at most %(max)s learning areas.'),
                empty: gettext('No learning areas yet.'),
                blank: function () { return {id: '', title: '', description: ''}; },
                fields: renderAreaFields
            },
            agenda: {
                limitKey: 'agenda', idPrefix: 'item', titleKey: 'title', reorder: true,
                legend: gettext('Learning agenda'),
                hint: gettext('Topics for the pair\'s meetings, in the order you suggest them.'),
                item: gettext('Agenda item %(n)s'),
                add: gettext('Add agenda item'),
                up: gettext('Move agenda item %(n)s up'),
                down: gettext('Move agenda item %(n)s down'),
                remove: gettext('Remove agenda item %(n)s'),
                removed: gettext('Agenda item %(n)s removed.'),
                moved: gettext('Agenda item moved to position %(n)s.'),
                full: gettext('The agenda can have at most %(max)s items.'),
                empty: gettext('No agenda items yet.'),
                blank: function (list) {
                    // The week after the last item's, but not past the end of the program.
                    var last = list.length ? Number(list[list.length - 1].week) : 0;
                    var week = isFinite(last) && last >= 0 ? last + 1 : 1;
                    var end = Number(program.duration_weeks);
                    return {id: '', title: '', prompts: [], week: end >= 1 && week > end ? end : week,
                        required: false, areas: [], links: []};
                },
                fields: renderAgendaFields
            },
            rating_scale: {
                limitKey: 'rating_scale', reorder: false, compact: true,
                legend: gettext('Rating scale'),
                hint: gettext('The points mentees and mentors choose from when they rate a learning area, lowest first.'),
                item: gettext('Rating point %(n)s'),
                add: gettext('Add rating point'),
                remove: gettext('Remove rating point %(n)s'),
                removed: gettext('Rating point %(n)s removed.'),
                full: gettext('The scale can have at most %(max)s points.'),
                empty: gettext('No rating points yet.'),
                blank: function (list) {
                    var top = list.reduce(function (max, point) {
                        var value = Number(point.value);
                        return isFinite(value) && value > max ? value : max;
                    }, 0);
                    return {value: top + 1, label: ''};
                },
                fields: renderRatingFields
            },
            progress_questions: {
                limitKey: 'questions', idPrefix: 'progress', titleKey: 'text', reorder: true,
                legend: gettext('Progress questions'),
                hint: gettext('Asked of the mentee and the mentor in every assessment round.'),
                item: gettext('Progress question %(n)s'),
                add: gettext('Add progress question'),
                up: gettext('Move progress question %(n)s up'),
                down: gettext('Move progress question %(n)s down'),
                remove: gettext('Remove progress question %(n)s'),
                removed: gettext('Progress question %(n)s removed.'),
                moved: gettext('Progress question moved to position %(n)s.'),
                full: gettext('You can ask at most %(max)s progress questions.'),
                empty: gettext('No progress questions yet.'),
                blank: function () { return {id: '', text: ''}; },
                fields: renderQuestionFields
            },
            checkin_questions: {
                limitKey: 'questions', idPrefix: 'checkin', titleKey: 'text', reorder: true,
                legend: gettext('Staff check-in questions'),
                hint: gettext('Questions course staff track across pairs, such as satisfaction or retention.'),
                item: gettext('Check-in question %(n)s'),
                add: gettext('Add check-in question'),
                up: gettext('Move check-in question %(n)s up'),
                down: gettext('Move check-in question %(n)s down'),
                remove: gettext('Remove check-in question %(n)s'),
                removed: gettext('Check-in question %(n)s removed.'),
                moved: gettext('Check-in question moved to position %(n)s.'),
                full: gettext('You can ask at most %(max)s check-in questions.'),
                empty: gettext('No check-in questions yet.'),
                blank: function () { return {id: '', text: ''}; },
                fields: renderQuestionFields
            }
        };

        /* ----- the error registry: which element shows the message for a path ----- */

        function register(path, entry) {
            registry.set(path, entry);
        }

        function forgetBelow(prefix) {
            Array.from(registry.keys()).forEach(function (key) {
                if (key.indexOf(prefix + '.') === 0) {
                    registry.delete(key);
                }
            });
        }

        /* ----- field builders ----- */

        function describe(el, ids) {
            var list = ids.filter(Boolean);
            if (list.length) {
                el.setAttribute('aria-describedby', list.join(' '));
            }
        }

        function fieldHint(id, text) {
            return text ? h('p', {className: 'ms-hint', id: id + '-hint', text: text}) : null;
        }

        // A labelled text input or textarea. opts: path, label, value, onInput, multiline,
        // rows, maxlength, hint, errorLabel, className, inputMode.
        function textField(opts) {
            var id = uid(opts.path);
            var control = opts.multiline ?
                h('textarea', {id: id, rows: opts.rows || 3, maxlength: opts.maxlength}) :
                h('input', {id: id, type: 'text', maxlength: opts.maxlength, inputmode: opts.inputMode,
                    spellcheck: opts.spellcheck, autocomplete: 'off'});
            control.className = 'ms-input';
            control.value = opts.value === null || opts.value === undefined ? '' : String(opts.value);
            var hint = fieldHint(id, opts.hint);
            describe(control, [hint && hint.id]);
            control.addEventListener('input', function () {
                clearErrorsOf(control);
                opts.onInput(control.value, control);
            });
            var wrapper = h('div', {className: 'ms-field ' + (opts.className || '')}, [
                h('label', {className: 'ms-label', for: id, text: opts.label}), hint, control
            ]);
            register(opts.path, {control: control, anchor: wrapper, label: opts.errorLabel || opts.label});
            return wrapper;
        }

        function numberField(opts) {
            var id = uid(opts.path);
            var control = h('input', {id: id, type: 'number', inputmode: 'numeric', step: 1,
                min: opts.min, max: opts.max, className: 'ms-input ms-input--number'});
            control.value = numberText(opts.value);
            var hint = fieldHint(id, opts.hint);
            describe(control, [hint && hint.id]);
            control.addEventListener('input', function () {
                clearErrorsOf(control);
                opts.onInput(toNumber(control.value));
            });
            var wrapper = h('div', {className: 'ms-field ms-field--number ' + (opts.className || '')}, [
                h('label', {className: 'ms-label', for: id, text: opts.label}), hint, control
            ]);
            register(opts.path, {control: control, anchor: wrapper, label: opts.errorLabel || opts.label});
            return wrapper;
        }

        function checkboxField(opts) {
            var id = uid(opts.path);
            var control = h('input', {id: id, type: 'checkbox', className: 'ms-check__input', checked: !!opts.value});
            var hint = fieldHint(id, opts.hint);
            describe(control, [hint && hint.id]);
            control.addEventListener('change', function () {
                clearErrorsOf(control);
                opts.onChange(control.checked);
            });
            var wrapper = h('div', {className: 'ms-field ms-check ' + (opts.className || '')}, [
                control, h('label', {className: 'ms-check__label', for: id, text: opts.label}), hint
            ]);
            register(opts.path, {control: control, anchor: wrapper, label: opts.errorLabel || opts.label});
            return wrapper;
        }

        // A fieldset of checkboxes (multiple) or radio buttons (single choice).
        function choiceGroup(opts) {
            var groupId = uid(opts.path);
            var fieldset = h('fieldset', {className: 'ms-group ' + (opts.className || ''), id: groupId});
            fieldset.appendChild(h('legend', {className: 'ms-group__legend', text: opts.legend}));
            var hint = fieldHint(groupId, opts.hint);
            if (hint) {
                fieldset.appendChild(hint);
                describe(fieldset, [hint.id]);
            }
            var options = h('div', {className: 'ms-group__options'});
            var radioName = uid(opts.path + '-choice');
            opts.options.forEach(function (option, index) {
                var id = uid(opts.path + '-' + index);
                var input = h('input', {
                    id: id, type: opts.single ? 'radio' : 'checkbox', className: 'ms-check__input',
                    name: opts.single ? radioName : null, value: option.value,
                    checked: opts.isChecked(option.value)
                });
                input.addEventListener('change', function () {
                    clearErrorsOf(fieldset);
                    opts.onChange(option.value, input.checked);
                });
                options.appendChild(h('div', {className: 'ms-check'}, [
                    input, h('label', {className: 'ms-check__label', for: id, text: option.label})
                ]));
            });
            if (!opts.options.length && opts.emptyText) {
                options.appendChild(h('p', {className: 'ms-hint', text: opts.emptyText}));
            }
            fieldset.appendChild(options);
            register(opts.path, {group: fieldset, anchor: fieldset, label: opts.errorLabel || opts.legend});
            return fieldset;
        }

        function section(key, legend, hint, children) {
            var id = uid('section-' + key);
            var fieldset = h('fieldset', {className: 'ms-section', id: id}, [
                h('legend', {className: 'ms-section__legend', text: legend}),
                hint ? h('p', {className: 'ms-hint', id: id + '-hint', text: hint}) : null
            ]);
            if (hint) {
                describe(fieldset, [id + '-hint']);
            }
            children.forEach(function (child) {
                fieldset.appendChild(child);
            });
            return fieldset;
        }

        /* ----- ids that follow the title until the author takes them over ----- */

        function idField(listKey, item, path, errorLabel) {
            return textField({
                path: path + '.id', label: gettext('ID'), value: item.id, maxlength: 64,
                className: 'ms-field--id', spellcheck: 'false', errorLabel: errorLabel,
                hint: gettext('Used in reports and exports. Lowercase letters, digits, - and _.'),
                onInput: function (value) {
                    autoIds.delete(item);
                    item.id = value;
                    if (listKey === 'learning_areas') {
                        refreshAreaChoices();
                    }
                }
            });
        }

        function followTitle(listKey, item, title, itemEl) {
            if (!autoIds.has(item)) {
                return;
            }
            var config = LISTS[listKey];
            item.id = uniqueId(slugify(title), config.idPrefix, program[listKey], item);
            var idInput = itemEl.querySelector('.ms-field--id input');
            if (idInput) {
                idInput.value = item.id;
            }
        }

        /* ----- list items ----- */

        function renderAreaFields(item, index, path, itemEl) {
            var n = index + 1;
            var label = function (field) {
                return interpolate(gettext('Learning area %(n)s: %(field)s'), {n: n, field: field});
            };
            return [
                textField({
                    path: path + '.title', label: gettext('Title'), value: item.title, maxlength: limits.title,
                    errorLabel: label(gettext('Title')),
                    onInput: function (value) {
                        item.title = value;
                        followTitle('learning_areas', item, value, itemEl);
                        refreshAreaChoices();
                    }
                }),
                textField({
                    path: path + '.description', label: gettext('Description'), value: item.description,
                    multiline: true, rows: 2, maxlength: limits.text, errorLabel: label(gettext('Description')),
                    onInput: function (value) { item.description = value; }
                }),
                idField('learning_areas', item, path, label(gettext('ID')))
            ];
        }

        function renderAgendaFields(item, index, path, itemEl) {
            var n = index + 1;
            var label = function (field) {
                return interpolate(gettext('Agenda item %(n)s: %(field)s'), {n: n, field: field});
            };
            var areasHolder = h('div', {className: 'ms-agenda-areas'});
            areasHolder.msRender = function () {
                forgetBelow(path + '.areas');
                registry.delete(path + '.areas');
                while (areasHolder.firstChild) {
                    areasHolder.removeChild(areasHolder.firstChild);
                }
                areasHolder.appendChild(renderAgendaAreas(item, path, label(gettext('Learning areas'))));
            };
            areasHolder.msRender();
            var row = h('div', {className: 'ms-row'}, [
                numberField({
                    path: path + '.week', label: gettext('Suggested week'), value: item.week, min: 1,
                    errorLabel: label(gettext('Suggested week')),
                    onInput: function (value) { item.week = value; }
                }),
                checkboxField({
                    path: path + '.required', label: gettext('Required for completion'), value: item.required,
                    className: 'ms-field--inline', errorLabel: label(gettext('Required')),
                    onChange: function (value) { item.required = value; }
                })
            ]);
            return [
                textField({
                    path: path + '.title', label: gettext('Title'), value: item.title, maxlength: limits.title,
                    errorLabel: label(gettext('Title')),
                    onInput: function (value) {
                        item.title = value;
                        followTitle('agenda', item, value, itemEl);
                    }
                }),
                row,
                textField({
                    path: path + '.prompts', label: gettext('Discussion prompts'),
                    value: promptText.has(item) ? promptText.get(item) : (item.prompts || []).join('\n'),
                    multiline: true, rows: 3, errorLabel: label(gettext('Discussion prompts')),
                    hint: interpolate(gettext('One prompt per line, at most %(max)s.'), {max: limits.prompts}),
                    onInput: function (value) { promptText.set(item, value); }
                }),
                areasHolder,
                renderLinks(item, path, label),
                idField('agenda', item, path, label(gettext('ID')))
            ];
        }

        function renderAgendaAreas(item, path, errorLabel) {
            var refs = areaRefs.get(item) || [];
            var options = program.learning_areas.map(function (area, index) {
                return {value: area, label: area.title || area.id ||
                    interpolate(gettext('Learning area %(n)s'), {n: index + 1})};
            });
            refs.forEach(function (ref) {
                if (typeof ref === 'string') {
                    options.push({value: ref, label: interpolate(gettext('Unknown learning area "%(id)s"'), {id: ref})});
                }
            });
            return choiceGroup({
                path: path + '.areas', legend: gettext('Linked learning areas'), options: options,
                className: 'ms-group--areas', errorLabel: errorLabel,
                emptyText: gettext('Add learning areas above to link them to this item.'),
                isChecked: function (value) { return refs.indexOf(value) !== -1; },
                onChange: function (value, checked) {
                    var current = areaRefs.get(item) || [];
                    current = current.filter(function (ref) { return ref !== value; });
                    if (checked) {
                        current.push(value);
                    }
                    areaRefs.set(item, current);
                }
            });
        }

        function refreshAreaChoices() {
            var list = lists.agenda;
            if (!list) {
                return;
            }
            Array.prototype.forEach.call(list.listEl.querySelectorAll('.ms-agenda-areas'), function (holder) {
                holder.msRender();
            });
        }

        function renderLinks(item, path, itemLabel) {
            var linksPath = path + '.links';
            var fieldset = h('fieldset', {className: 'ms-group ms-links', id: uid(linksPath)});
            fieldset.appendChild(h('legend', {className: 'ms-group__legend', text: gettext('Links to course content')}));
            var errorSlot = h('div', {className: 'ms-slot'});
            var rows = h('ul', {className: 'ms-links__list'});
            var note = h('p', {className: 'ms-limit', id: uid(linksPath + '-limit')});
            var addButton = h('button', {type: 'button', className: 'ms-button ms-button--small ms-button--add',
                'aria-describedby': note.id, text: gettext('Add link')});
            fieldset.appendChild(errorSlot);
            fieldset.appendChild(rows);
            fieldset.appendChild(h('div', {className: 'ms-list__footer'}, [addButton, note]));
            register(linksPath, {group: fieldset, anchor: errorSlot, label: itemLabel(gettext('Links'))});

            function draw(focus) {
                forgetBelow(linksPath);
                while (rows.firstChild) {
                    rows.removeChild(rows.firstChild);
                }
                item.links = item.links || [];
                item.links.forEach(function (link, index) {
                    var n = index + 1;
                    var rowPath = linksPath + '.' + index;
                    var remove = h('button', {
                        type: 'button', className: 'ms-button ms-button--small ms-button--danger',
                        'data-action': 'remove',
                        'aria-label': interpolate(gettext('Remove link %(n)s'), {n: n}),
                        text: gettext('Remove')
                    });
                    remove.addEventListener('click', function () {
                        item.links.splice(index, 1);
                        draw({index: Math.min(index, item.links.length - 1), action: 'remove'});
                        announce(interpolate(gettext('Link %(n)s removed.'), {n: n}));
                    });
                    var rowEl = h('li', {className: 'ms-links__row', 'data-index': index}, [
                        textField({
                            path: rowPath + '.label', value: link.label, maxlength: limits.title,
                            label: interpolate(gettext('Link %(n)s label'), {n: n}),
                            errorLabel: itemLabel(interpolate(gettext('Link %(n)s label'), {n: n})),
                            onInput: function (value) { link.label = value; }
                        }),
                        textField({
                            path: rowPath + '.url', value: link.url, inputMode: 'url', spellcheck: 'false',
                            maxlength: limits.url,
                            label: interpolate(gettext('Link %(n)s URL'), {n: n}),
                            errorLabel: itemLabel(interpolate(gettext('Link %(n)s URL'), {n: n})),
                            onInput: function (value) { link.url = value; }
                        }),
                        h('div', {className: 'ms-links__tools'}, [remove])
                    ]);
                    register(rowPath, {group: rowEl, anchor: rowEl, label: itemLabel(interpolate(gettext('Link %(n)s'), {n: n}))});
                    rows.appendChild(rowEl);
                });
                var full = item.links.length >= limits.links;
                addButton.disabled = full;
                note.textContent = full ? interpolate(gettext('At most %(max)s links per agenda item.'), {max: limits.links}) : '';
                if (focus) {
                    var target = focus.action === 'add' ?
                        rows.querySelector('li[data-index="' + focus.index + '"] input') :
                        rows.querySelector('li[data-index="' + focus.index + '"] [data-action="remove"]');
                    (target || (addButton.disabled ? firstControl(fieldset) : addButton)).focus();
                }
            }

            addButton.addEventListener('click', function () {
                if (item.links.length >= limits.links) {
                    return;
                }
                item.links.push({label: '', url: ''});
                draw({index: item.links.length - 1, action: 'add'});
            });
            draw();
            return fieldset;
        }

        function renderRatingFields(point, index, path) {
            var n = index + 1;
            var label = function (field) {
                return interpolate(gettext('Rating point %(n)s: %(field)s'), {n: n, field: field});
            };
            return [h('div', {className: 'ms-row'}, [
                numberField({
                    path: path + '.value', label: gettext('Value'), value: point.value,
                    errorLabel: label(gettext('Value')),
                    onInput: function (value) { point.value = value; }
                }),
                textField({
                    path: path + '.label', label: gettext('Label'), value: point.label, maxlength: limits.title,
                    className: 'ms-field--grow', errorLabel: label(gettext('Label')),
                    onInput: function (value) { point.label = value; }
                })
            ])];
        }

        function renderQuestionFields(question, index, path, itemEl, listKey) {
            var config = LISTS[listKey];
            var label = function (field) {
                return interpolate(gettext('%(item)s: %(field)s'), {item: interpolate(config.item, {n: index + 1}), field: field});
            };
            return [
                textField({
                    path: path + '.text', label: gettext('Question'), value: question.text, multiline: true,
                    rows: 2, maxlength: limits.title, errorLabel: label(gettext('Question')),
                    onInput: function (value) {
                        question.text = value;
                        followTitle(listKey, question, value, itemEl);
                    }
                }),
                idField(listKey, question, path, label(gettext('ID')))
            ];
        }

        /* ----- generic list sections ----- */

        function listSection(key) {
            var config = LISTS[key];
            var id = uid('section-' + key);
            var hint = h('p', {className: 'ms-hint', id: id + '-hint', text: config.hint});
            var errorSlot = h('div', {className: 'ms-slot'});
            var listEl = h('ol', {className: 'ms-list' + (config.compact ? ' ms-list--compact' : '')});
            var note = h('p', {className: 'ms-limit', id: id + '-limit'});
            var addButton = h('button', {type: 'button', className: 'ms-button ms-button--add',
                'aria-describedby': note.id, text: config.add});
            addButton.addEventListener('click', function () {
                addItem(key);
            });
            var fieldset = h('fieldset', {className: 'ms-section ms-section--list', id: id,
                'aria-describedby': hint.id}, [
                h('legend', {className: 'ms-section__legend', text: config.legend}),
                hint, errorSlot, listEl,
                h('div', {className: 'ms-list__footer'}, [addButton, note])
            ]);
            lists[key] = {listEl: listEl, addButton: addButton, note: note, config: config, fieldset: fieldset};
            register(key, {group: fieldset, anchor: errorSlot, label: config.legend});
            renderItems(key);
            return fieldset;
        }

        function toolButton(action, visibleText, ariaLabel, disabled) {
            return h('button', {
                type: 'button', className: 'ms-button ms-button--small' + (action === 'remove' ? ' ms-button--danger' : ''),
                'data-action': action, 'aria-label': ariaLabel, disabled: disabled
            }, [
                action === 'remove' ? null : h('span', {'aria-hidden': 'true', className: 'ms-icon',
                    text: action === 'up' ? '\u25B2' : '\u25BC'}),
                visibleText
            ]);
        }

        function renderItems(key) {
            var list = lists[key];
            var config = list.config;
            var items = program[key];
            forgetBelow(key);
            while (list.listEl.firstChild) {
                list.listEl.removeChild(list.listEl.firstChild);
            }
            items.forEach(function (item, index) {
                var n = index + 1;
                var path = key + '.' + index;
                var legendText = interpolate(config.item, {n: n});
                var box = h('fieldset', {className: 'ms-item__box'}, [
                    h('legend', {className: 'ms-item__legend', text: legendText})
                ]);
                var itemEl = h('li', {className: 'ms-item', 'data-index': index}, [box]);
                var errorSlot = h('div', {className: 'ms-slot'});
                box.appendChild(errorSlot);
                config.fields(item, index, path, itemEl, key).forEach(function (child) {
                    box.appendChild(child);
                });
                var tools = h('div', {className: 'ms-item__tools'});
                if (config.reorder) {
                    tools.appendChild(toolButton('up', gettext('Up'), interpolate(config.up, {n: n}), index === 0));
                    tools.appendChild(toolButton('down', gettext('Down'), interpolate(config.down, {n: n}),
                        index === items.length - 1));
                }
                tools.appendChild(toolButton('remove', gettext('Remove'), interpolate(config.remove, {n: n}), false));
                tools.addEventListener('click', function (event) {
                    var button = event.target.closest('button[data-action]');
                    if (!button || button.disabled) {
                        return;
                    }
                    var action = button.getAttribute('data-action');
                    if (action === 'remove') {
                        removeItem(key, index);
                    } else {
                        moveItem(key, index, action === 'up' ? -1 : 1, action);
                    }
                });
                box.appendChild(tools);
                register(path, {group: box, anchor: errorSlot, label: legendText});
                list.listEl.appendChild(itemEl);
            });
            if (!items.length) {
                list.listEl.appendChild(h('li', {className: 'ms-list__empty', text: config.empty}));
            }
            var max = limits[config.limitKey];
            var full = items.length >= max;
            list.addButton.disabled = full;
            list.note.textContent = full ? interpolate(config.full, {max: max}) : '';
        }

        function itemButton(key, index, action) {
            return lists[key].listEl.querySelector('li[data-index="' + index + '"] button[data-action="' + action + '"]');
        }

        function addItem(key) {
            var config = LISTS[key];
            var items = program[key];
            if (items.length >= limits[config.limitKey]) {
                return;
            }
            var item = config.blank(items);
            if (config.idPrefix) {
                item.id = uniqueId('', config.idPrefix, items.concat([item]), item);
                autoIds.add(item);
            }
            if (key === 'agenda') {
                areaRefs.set(item, []);
            }
            items.push(item);
            renderItems(key);
            if (key === 'learning_areas') {
                refreshAreaChoices();
            }
            var added = lists[key].listEl.querySelector('li[data-index="' + (items.length - 1) + '"]');
            var input = added && added.querySelector('input, textarea');
            if (input) {
                input.focus();
            }
        }

        function removeItem(key, index) {
            var config = LISTS[key];
            var items = program[key];
            var removed = items.splice(index, 1)[0];
            if (key === 'learning_areas') {
                program.agenda.forEach(function (agendaItem) {
                    areaRefs.set(agendaItem, (areaRefs.get(agendaItem) || []).filter(function (ref) {
                        return ref !== removed;
                    }));
                });
            }
            renderItems(key);
            if (key === 'learning_areas') {
                refreshAreaChoices();
            }
            var next = itemButton(key, Math.min(index, items.length - 1), 'remove');
            (next || lists[key].addButton).focus();
            announce(interpolate(config.removed, {n: index + 1}));
        }

        function moveItem(key, index, delta, action) {
            var items = program[key];
            var target = index + delta;
            if (target < 0 || target >= items.length) {
                return;
            }
            var moved = items.splice(index, 1)[0];
            items.splice(target, 0, moved);
            renderItems(key);
            if (key === 'learning_areas') {
                refreshAreaChoices();
            }
            var button = itemButton(key, target, action);
            if (!button || button.disabled) {
                button = itemButton(key, target, action === 'up' ? 'down' : 'up');
            }
            if (button && !button.disabled) {
                button.focus();
            }
            announce(interpolate(LISTS[key].moved, {n: target + 1}));
        }

        /* ----- whole form ----- */

        function load(source) {
            program = clone(source);
            ['learning_areas', 'agenda', 'rating_scale', 'progress_questions', 'checkin_questions',
                'session_formats'].forEach(function (key) {
                if (!Array.isArray(program[key])) {
                    program[key] = [];
                }
            });
            if (!program.completion || typeof program.completion !== 'object') {
                program.completion = {};
            }
            var areasById = {};
            program.learning_areas.forEach(function (area) {
                if (!(area.id in areasById)) {
                    areasById[area.id] = area;
                }
            });
            program.agenda.forEach(function (item) {
                item.links = Array.isArray(item.links) ? item.links : [];
                areaRefs.set(item, (item.areas || []).map(function (id) {
                    return areasById[id] || String(id);
                }));
            });
        }

        function render() {
            registry.clear();
            errorMarks = [];
            lists = {};
            while (sectionsEl.firstChild) {
                sectionsEl.removeChild(sectionsEl.firstChild);
            }
            var c = program.completion;
            var formatChoices = choices.session_formats ||
                ['video', 'phone', 'in_person', 'chat'].map(function (v) { return {value: v, label: v}; });
            var modeChoices = choices.pairing_modes ||
                ['staff', 'invite', 'both'].map(function (v) { return {value: v, label: v}; });

            var general = section('general', gettext('General'), null, [
                textField({
                    path: 'display_name', label: gettext('Display name'), value: program.display_name,
                    maxlength: limits.title, hint: gettext('The title learners see for this block.'),
                    onInput: function (value) { program.display_name = value; }
                }),
                textField({
                    path: 'introduction', label: gettext('Introduction'), value: program.introduction,
                    multiline: true, rows: 5, maxlength: limits.text,
                    hint: gettext('Shown to mentors and mentees at the top of the block. Plain text; line breaks are kept.'),
                    onInput: function (value) { program.introduction = value; }
                })
            ]);
            var generalSlot = h('div', {className: 'ms-slot'});
            general.insertBefore(generalSlot, general.children[1]);
            register('', {group: general, anchor: generalSlot, label: gettext('General')});

            var schedule = section('schedule', gettext('Schedule'), null, [
                h('div', {className: 'ms-row'}, [
                    numberField({
                        path: 'duration_weeks', label: gettext('Program length in weeks'), value: program.duration_weeks,
                        min: 1, onInput: function (value) { program.duration_weeks = value; }
                    }),
                    numberField({
                        path: 'min_sessions_per_month', label: gettext('Minimum sessions per month'),
                        value: program.min_sessions_per_month, min: 0,
                        onInput: function (value) { program.min_sessions_per_month = value; }
                    })
                ]),
                choiceGroup({
                    path: 'session_formats', legend: gettext('Allowed session formats'), options: formatChoices,
                    isChecked: function (value) { return program.session_formats.indexOf(value) !== -1; },
                    onChange: function (value, checked) {
                        // Keep the order of the choices, whatever order the boxes are ticked in.
                        var chosen = program.session_formats.filter(function (v) { return v !== value; });
                        if (checked) {
                            chosen.push(value);
                        }
                        program.session_formats = formatChoices.map(function (o) { return o.value; })
                            .filter(function (v) { return chosen.indexOf(v) !== -1; });
                    }
                })
            ]);

            var pairing = section('pairing', gettext('Pairing'), null, [
                choiceGroup({
                    path: 'pairing_mode', legend: gettext('Who forms the pairs'), options: modeChoices, single: true,
                    isChecked: function (value) { return program.pairing_mode === value; },
                    onChange: function (value, checked) {
                        if (checked) {
                            program.pairing_mode = value;
                        }
                    }
                }),
                numberField({
                    path: 'mentor_capacity', label: gettext('Mentees per mentor (at most)'),
                    value: program.mentor_capacity, min: 1,
                    hint: gettext('How many mentees one mentor may have at the same time.'),
                    onInput: function (value) { program.mentor_capacity = value; }
                })
            ]);

            var assessments = section('assessments', gettext('Assessments'),
                gettext('A baseline and a final round always take place.'), [
                    checkboxField({
                        path: 'midpoint_round', label: gettext('Add a mid-point assessment round'),
                        value: program.midpoint_round,
                        onChange: function (value) { program.midpoint_round = value; }
                    }),
                    numberField({
                        path: 'at_risk_days', label: gettext('At-risk threshold in days'), value: program.at_risk_days,
                        min: 1, hint: gettext('Staff see a pair as at risk after this many days without a session.'),
                        onInput: function (value) { program.at_risk_days = value; }
                    })
                ]);

            var completion = section('completion', gettext('Completion requirements'),
                gettext('A pair completes the program when all of these are met.'), [
                    checkboxField({
                        path: 'completion.agreement_signed', label: gettext('Agreement signed by both partners'),
                        value: c.agreement_signed,
                        onChange: function (value) { c.agreement_signed = value; }
                    }),
                    h('div', {className: 'ms-row'}, [
                        numberField({
                            path: 'completion.min_goals', label: gettext('Minimum goals'), value: c.min_goals, min: 0,
                            onInput: function (value) { c.min_goals = value; }
                        }),
                        numberField({
                            path: 'completion.min_sessions', label: gettext('Minimum confirmed sessions'),
                            value: c.min_sessions, min: 0,
                            onInput: function (value) { c.min_sessions = value; }
                        })
                    ]),
                    checkboxField({
                        path: 'completion.required_agenda', label: gettext('All required agenda items covered'),
                        value: c.required_agenda,
                        onChange: function (value) { c.required_agenda = value; }
                    }),
                    checkboxField({
                        path: 'completion.final_self_assessment', label: gettext('Final self-assessment submitted'),
                        value: c.final_self_assessment,
                        onChange: function (value) { c.final_self_assessment = value; }
                    }),
                    checkboxField({
                        path: 'completion.final_mentor_assessment', label: gettext('Final mentor assessment submitted'),
                        value: c.final_mentor_assessment,
                        onChange: function (value) { c.final_mentor_assessment = value; }
                    })
                ]);
            var completionSlot = h('div', {className: 'ms-slot'});
            completion.insertBefore(completionSlot, completion.querySelector('.ms-hint').nextSibling);
            register('completion', {group: completion, anchor: completionSlot,
                label: gettext('Completion requirements')});

            [
                general,
                listSection('learning_areas'),
                listSection('agenda'),
                listSection('rating_scale'),
                listSection('progress_questions'),
                listSection('checkin_questions'),
                schedule,
                pairing,
                assessments,
                completion
            ].forEach(function (el) {
                sectionsEl.appendChild(el);
            });
            refreshAreaChoices();
        }

        // The program as the server expects it: unknown keys kept, editor-only state dropped.
        function collect() {
            var result = clone(program);
            result.agenda = program.agenda.map(function (item) {
                var out = clone(item);
                out.prompts = promptText.has(item) ? splitLines(promptText.get(item)) : (item.prompts || []).slice();
                var refs = areaRefs.get(item) || [];
                out.areas = program.learning_areas.filter(function (area) {
                    return refs.indexOf(area) !== -1;
                }).map(function (area) {
                    return area.id;
                }).concat(refs.filter(function (ref) {
                    return typeof ref === 'string';
                }));
                return out;
            });
            return result;
        }

        /* ----- errors ----- */

        function resolve(path) {
            var parts = String(path).split('.');
            while (parts.length) {
                var key = parts.join('.');
                if (registry.has(key)) {
                    return registry.get(key);
                }
                parts.pop();
            }
            return registry.get('');
        }

        function clearErrors() {
            errorMarks.forEach(unmark);
            errorMarks = [];
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
            errorMarks = errorMarks.filter(function (mark) {
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
                var messages = entryProblems.map(function (problem, i) {
                    var message = h('p', {className: 'ms-error', id: uid('error-' + problem.path + '-' + i),
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
                errorMarks.push({target: target, messages: messages, describedBy: describedBy, wrapper: wrapper});
                var general = entry === registry.get('');
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

        function showAlert(title, summary, problems) {
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
            while (alertEl.firstChild) {
                alertEl.removeChild(alertEl.firstChild);
            }
            alertEl.classList.remove('ms-alert--shown');
        }

        function focusField(el) {
            if (!isFormControl(el) && !el.hasAttribute('tabindex')) {
                el.setAttribute('tabindex', '-1');
            }
            el.focus();
            if (el.scrollIntoView) {
                el.scrollIntoView({block: 'center'});
            }
        }

        /* ----- save and cancel ----- */

        function handlerUrl() {
            return runtime.handlerUrl(host, 'studio_submit');
        }

        function failed(message, problems) {
            var title = gettext('Could not save');
            showAlert(title, message, problems);
            announce('');
            notify('error', {title: title, message: message});
        }

        function save() {
            if (saving) {
                return;
            }
            clearErrors();
            var payload = collect();
            saving = true;
            saveButton.setAttribute('aria-disabled', 'true');
            announce(gettext('Saving…'));
            notify('save', {state: 'start'});
            var headers = {'Content-Type': 'application/json', 'Accept': 'application/json'};
            var token = readCookie('csrftoken');
            if (token) {
                headers['X-CSRFToken'] = token;
            }
            fetch(handlerUrl(), {
                method: 'POST', credentials: 'same-origin', headers: headers, body: JSON.stringify(payload)
            }).then(function (response) {
                return response.text().then(function (text) {
                    var body = null;
                    try {
                        body = text ? JSON.parse(text) : null;
                    } catch (err) {
                        body = null;
                    }
                    return {status: response.status, body: body};
                });
            }).then(function (result) {
                saving = false;
                saveButton.removeAttribute('aria-disabled');
                handleResponse(result.status, result.body);
            }, function () {
                saving = false;
                saveButton.removeAttribute('aria-disabled');
                failed(gettext('The server could not be reached. Check your connection and try again; your changes are still here.'));
            });
        }

        function handleResponse(status, body) {
            var error = body && body.error ? body.error : null;
            if (status >= 200 && status < 300) {
                if (body && body.program) {
                    saved = clone(body.program);
                    load(saved);
                    render();
                } else {
                    saved = collect();
                }
                notify('save', {state: 'end'});
                announce(gettext('Saved.'));
                return;
            }
            if (status === 400 && error) {
                var summary = error.message || gettext('Some fields need your attention.');
                var problems = showFieldErrors(error.fields || {});
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
            if (runtime && typeof runtime.notify === 'function') {
                runtime.notify('cancel', {});
                return;
            }
            // No host page to close the editor (the xblock-sdk workbench): discard the edits instead.
            clearErrors();
            load(saved);
            render();
            announce(gettext('Changes discarded.'));
        }

        // The action bar sticks to the bottom of the scrolling page or modal; a field that gets
        // the focus underneath it (Tab, or focus moved by the editor) is brought into view.
        var actionsBar = saveButton.closest('.ms-actions');
        root.addEventListener('focusin', function (event) {
            if (!actionsBar || actionsBar.contains(event.target)) {
                return;
            }
            var bar = actionsBar.getBoundingClientRect();
            var box = event.target.getBoundingClientRect();
            if (box.bottom > bar.top && box.top < bar.bottom && event.target.scrollIntoView) {
                event.target.scrollIntoView({block: 'center'});
            }
        });

        saveButton.addEventListener('click', save);
        cancelButton.addEventListener('click', cancel);
        load(saved);
        render();

        return {collect: collect, save: save, cancel: cancel};
    }

    /**
     * XBlock init function (studio_view).
     *
     * Args:
     *   runtime: the XBlock JS runtime (handlerUrl; notify in Studio).
     *   element: the block's root element, or a jQuery object wrapping it.
     *   args: {payload: "<JSON string>"} with program, choices and limits.
     */
    function MentoringStudioEditor(runtime, element, args) {
        var host = element && element.jquery ? element[0] : element;
        var data = JSON.parse((args && args.payload) || '{}');
        return createEditor(runtime, host, data);
    }

    window.MentoringStudioEditor = MentoringStudioEditor;
}());
