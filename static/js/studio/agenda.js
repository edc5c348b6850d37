/*
 * Studio editor: the learning agenda list.
 *
 * An agenda item has a title, a suggested week, a required flag, discussion prompts, the
 * learning areas it is linked to and links to course content. Linked areas are kept as the
 * area objects themselves (ed.areaRefs), so renaming an area's id keeps the link; ids that
 * match no area stay as strings and are offered as "unknown" choices.
 */

import {interpolate, h, itemFieldLabel, empty, firstControl} from './util.js';

/** Add the agenda list to ed.listConfig, and ed.refreshAreaChoices to redraw its area choices. */
export function addAgenda(ed) {
    var gettext = ed.gettext;

    function renderAgendaFields(item, index, path, itemEl) {
        var label = itemFieldLabel(gettext('Agenda item %(n)s: %(field)s'), index + 1);
        var areasHolder = h('div', {className: 'ms-agenda-areas'});
        areasHolder.msRender = function () {
            ed.forgetBelow(path + '.areas');
            ed.registry.delete(path + '.areas');
            empty(areasHolder);
            areasHolder.appendChild(renderAgendaAreas(item, path, label(gettext('Learning areas'))));
        };
        areasHolder.msRender();
        var row = h('div', {className: 'ms-row'}, [
            ed.numberField({
                path: path + '.week', label: gettext('Suggested week'), value: item.week, min: 1,
                errorLabel: label(gettext('Suggested week')),
                onInput: function (value) { item.week = value; }
            }),
            ed.checkboxField({
                path: path + '.required', label: gettext('Required for completion'), value: item.required,
                className: 'ms-field--inline', errorLabel: label(gettext('Required')),
                onChange: function (value) { item.required = value; }
            })
        ]);
        return [
            ed.titleField('agenda', item, path, itemEl, label(gettext('Title'))),
            row,
            ed.textField({
                path: path + '.prompts', label: gettext('Discussion prompts'),
                value: ed.promptText.has(item) ? ed.promptText.get(item) : (item.prompts || []).join('\n'),
                multiline: true, rows: 3, errorLabel: label(gettext('Discussion prompts')),
                hint: interpolate(gettext('One prompt per line, at most %(max)s.'), {max: ed.limits.prompts}),
                onInput: function (value) { ed.promptText.set(item, value); }
            }),
            areasHolder,
            renderLinks(item, path, label),
            ed.idField('agenda', item, path, label(gettext('ID')))
        ];
    }

    function renderAgendaAreas(item, path, errorLabel) {
        var refs = ed.areaRefs.get(item) || [];
        var options = ed.program.learning_areas.map(function (area, index) {
            return {value: area, label: area.title || area.id ||
                interpolate(gettext('Learning area %(n)s'), {n: index + 1})};
        });
        refs.forEach(function (ref) {
            if (typeof ref === 'string') {
                options.push({value: ref, label: interpolate(gettext('Unknown learning area "%(id)s"'), {id: ref})});
            }
        });
        return ed.choiceGroup({
            path: path + '.areas', legend: gettext('Linked learning areas'), options: options,
            className: 'ms-group--areas', errorLabel: errorLabel,
            emptyText: gettext('Add learning areas above to link them to this item.'),
            isChecked: function (value) { return refs.indexOf(value) !== -1; },
            onChange: function (value, checked) {
                var current = ed.areaRefs.get(item) || [];
                current = current.filter(function (ref) { return ref !== value; });
                if (checked) {
                    current.push(value);
                }
                ed.areaRefs.set(item, current);
            }
        });
    }

    function refreshAreaChoices() {
        var list = ed.lists.agenda;
        if (!list) {
            return;
        }
        Array.prototype.forEach.call(list.listEl.querySelectorAll('.ms-agenda-areas'), function (holder) {
            holder.msRender();
        });
    }

    function renderLinks(item, path, itemLabel) {
        var limits = ed.limits;
        var linksPath = path + '.links';
        var fieldset = h('fieldset', {className: 'ms-group ms-links', id: ed.uid(linksPath)});
        fieldset.appendChild(h('legend', {className: 'ms-group__legend', text: gettext('Links to course content')}));
        var errorSlot = h('div', {className: 'ms-slot'});
        var rows = h('ul', {className: 'ms-links__list'});
        var note = h('p', {className: 'ms-limit', id: ed.uid(linksPath + '-limit')});
        var addButton = h('button', {type: 'button', className: 'ms-button ms-button--small ms-button--add',
            'aria-describedby': note.id, text: gettext('Add link')});
        fieldset.appendChild(errorSlot);
        fieldset.appendChild(rows);
        fieldset.appendChild(h('div', {className: 'ms-list__footer'}, [addButton, note]));
        ed.register(linksPath, {group: fieldset, anchor: errorSlot, label: itemLabel(gettext('Links'))});

        function draw(focus) {
            ed.forgetBelow(linksPath);
            empty(rows);
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
                    ed.announce(interpolate(gettext('Link %(n)s removed.'), {n: n}));
                });
                var rowEl = h('li', {className: 'ms-links__row', 'data-index': index}, [
                    ed.textField({
                        path: rowPath + '.label', value: link.label, maxlength: limits.title,
                        label: interpolate(gettext('Link %(n)s label'), {n: n}),
                        errorLabel: itemLabel(interpolate(gettext('Link %(n)s label'), {n: n})),
                        onInput: function (value) { link.label = value; }
                    }),
                    ed.textField({
                        path: rowPath + '.url', value: link.url, inputMode: 'url', spellcheck: 'false',
                        maxlength: limits.url,
                        label: interpolate(gettext('Link %(n)s URL'), {n: n}),
                        errorLabel: itemLabel(interpolate(gettext('Link %(n)s URL'), {n: n})),
                        onInput: function (value) { link.url = value; }
                    }),
                    h('div', {className: 'ms-links__tools'}, [remove])
                ]);
                ed.register(rowPath, {group: rowEl, anchor: rowEl, label: itemLabel(interpolate(gettext('Link %(n)s'), {n: n}))});
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

    ed.listConfig.agenda = {
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
            var end = Number(ed.program.duration_weeks);
            return {id: '', title: '', prompts: [], week: end >= 1 && week > end ? end : week,
                required: false, areas: [], links: []};
        },
        fields: renderAgendaFields
    };
    ed.refreshAreaChoices = refreshAreaChoices;
}
